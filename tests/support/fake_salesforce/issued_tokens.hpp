#pragma once
// A token provider that takes tokens straight from the fake (no OAuth dance), counting mints and
// invalidations, for tests of what sits above the token seam. Header-only: it needs the
// collector's src/ on the include path, which the fake's own library does not have.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/token_provider.hpp"
#include "fake_salesforce/fake_salesforce.hpp"

namespace sfc::test {

class issued_tokens : public auth::token_provider {
public:
    explicit issued_tokens(fake_salesforce& fake) : fake_(fake) {}

    boost::asio::awaitable<auth::access_token> token() override {
        if (!cached_) {
            ++mints;
            cached_ = fake_.issue_token();
            issued.push_back(*cached_);
        }
        co_return auth::access_token{*cached_, fake_.base_url(), fake_.org_id(), ""};
    }
    void invalidate(std::string_view value) override {
        invalidated.emplace_back(value);
        if (cached_ == value) cached_.reset();
    }

    int mints = 0;
    std::vector<std::string> issued;
    std::vector<std::string> invalidated;

private:
    fake_salesforce& fake_;
    std::optional<std::string> cached_;
};

}  // namespace sfc::test
