#pragma once
// At most N http::client (keep-alive connections) to one origin, lent out one request sequence
// at a time. The cap is what keeps one org under Salesforce's concurrent-request limit however
// many sources share the connection; waiters are served first come, first served.

#include "http/client.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <deque>
#include <memory>
#include <string>
#include <vector>

namespace sfc::http {

/// Use from one strand. The pool must outlive its leases.
class client_pool {
public:
    /// max_clients 0 is taken as 1. Clients are created on demand, so a malformed origin
    /// throws std::invalid_argument from the first acquire().
    client_pool(boost::asio::any_io_executor executor,
                std::string origin,
                client_options options,
                unsigned max_clients);
    ~client_pool();
    client_pool(const client_pool&) = delete;
    client_pool& operator=(const client_pool&) = delete;

    /// One client, lent until the lease is destroyed (or moved-from and reset).
    class lease {
    public:
        lease() = default;
        lease(lease&& other) noexcept;
        lease& operator=(lease&& other) noexcept;
        ~lease();

        client& operator*() const { return *client_; }
        client* operator->() const { return client_; }
        explicit operator bool() const { return client_ != nullptr; }
        /// Gives the client back now (wakes the longest waiter).
        void reset();

    private:
        friend class client_pool;
        lease(client_pool* pool, client* c) : pool_(pool), client_(c) {}
        client_pool* pool_ = nullptr;
        client* client_ = nullptr;
    };

    /// A client at once if one is idle or the cap allows another; else waits, in FIFO order,
    /// for a lease to end. A cancelled wait throws boost::system::system_error
    /// (operation_aborted) and gives up its place.
    boost::asio::awaitable<lease> acquire();
    /// Closes the idle clients' connections (TLS shutdown). Leased clients are left alone.
    boost::asio::awaitable<void> close();
    /// For a stop: client::cancel() on every client, leased or idle, and on those made later.
    void cancel_all();

    const std::string& origin() const { return origin_; }
    const boost::asio::any_io_executor& executor() const { return executor_; }
    unsigned max_clients() const { return max_clients_; }
    unsigned in_use() const { return in_use_; }
    /// The highest in_use() ever reached.
    unsigned peak_in_use() const { return peak_in_use_; }

private:
    struct waiter;

    void release(client* c);
    client* take_idle_or_new();
    void abandon(const std::shared_ptr<waiter>& w);

    boost::asio::any_io_executor executor_;
    std::string origin_;
    client_options options_;
    unsigned max_clients_;
    std::vector<std::unique_ptr<client>> clients_;
    std::vector<client*> idle_;
    std::deque<std::shared_ptr<waiter>> waiters_;
    unsigned in_use_ = 0;
    unsigned peak_in_use_ = 0;
    bool cancelled_ = false;
};

}  // namespace sfc::http
