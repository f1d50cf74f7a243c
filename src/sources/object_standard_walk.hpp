#pragma once
// Standard objects (SetupAuditTrail, LoginHistory, threat stores, custom objects): records in
// (cursor field, id field) order, each batch's cursor the last record in it. A restart repeats
// at most the batches in flight; nothing is skipped.

#include <string>

#include "sources/object_cursor.hpp"
#include "sources/object_walk.hpp"

namespace sfc::sources {

class object_standard_walk final : public cursor_walk<standard_cursor> {
public:
    using cursor_walk::cursor_walk;

    void begin(std::chrono::system_clock::time_point now) override;
    std::string soql(const salesforce::object_select& select) override;
    boost::asio::awaitable<void> take(object_record rec) override;
    boost::asio::awaitable<void> finish() override;
    bool wants_more() const override { return !settled_; }

private:
    std::string since_;     // the first run's start
    std::string newest_;    // the newest cursor value to take this poll; empty: no limit
    bool settled_ = false;  // met a record newer than newest_: the rest wait too
};

}  // namespace sfc::sources
