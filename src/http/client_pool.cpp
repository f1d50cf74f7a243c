#include "http/client_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <utility>

namespace sfc::http {

namespace asio = boost::asio;

// A queued acquire(). release() hands the client over directly, so a client freed while others
// wait can never be taken by a newcomer first (FIFO, no barging).
struct client_pool::waiter {
    explicit waiter(const asio::any_io_executor& executor)
        : wake(executor, asio::steady_timer::time_point::max()) {}
    asio::steady_timer wake;  ///< never expires: release() cancels it
    client* handed = nullptr;
};

client_pool::client_pool(asio::any_io_executor executor,
                         std::string origin,
                         client_options options,
                         unsigned max_clients)
    : executor_(std::move(executor)),
      origin_(std::move(origin)),
      options_(std::move(options)),
      max_clients_(std::max(1u, max_clients)) {}

client_pool::~client_pool() = default;

client_pool::lease::lease(lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), client_(std::exchange(other.client_, nullptr)) {}

client_pool::lease& client_pool::lease::operator=(lease&& other) noexcept {
    if (this != &other) {
        reset();
        pool_ = std::exchange(other.pool_, nullptr);
        client_ = std::exchange(other.client_, nullptr);
    }
    return *this;
}

client_pool::lease::~lease() {
    reset();
}

void client_pool::lease::reset() {
    if (client_ != nullptr) pool_->release(std::exchange(client_, nullptr));
    pool_ = nullptr;
}

asio::awaitable<client_pool::lease> client_pool::acquire() {
    if (waiters_.empty()) {
        if (client* c = take_idle_or_new()) co_return lease(this, c);
    }
    auto me = std::make_shared<waiter>(executor_);
    waiters_.push_back(me);
    // Gives up the place (or a client handed over too late) however this frame ends:
    // cancelled, or destroyed with its io_context.
    struct leave_queue {
        client_pool* pool;
        std::shared_ptr<waiter> w;
        ~leave_queue() { pool->abandon(w); }
    } guard{this, me};
    co_await me->wake.async_wait(asio::as_tuple(asio::use_awaitable));
    if (me->handed == nullptr) {
        throw boost::system::system_error(asio::error::operation_aborted, "client_pool::acquire");
    }
    co_return lease(this, std::exchange(me->handed, nullptr));
}

client* client_pool::take_idle_or_new() {
    client* c = nullptr;
    if (!idle_.empty()) {
        c = idle_.back();  // the most recently used: its connection is the likeliest alive
        idle_.pop_back();
    } else if (clients_.size() < max_clients_) {
        clients_.push_back(std::make_unique<client>(executor_, origin_, options_));
        c = clients_.back().get();
        if (cancelled_) c->cancel();
    } else {
        return nullptr;
    }
    peak_in_use_ = std::max(peak_in_use_, ++in_use_);
    return c;
}

void client_pool::release(client* c) {
    if (!waiters_.empty()) {
        auto next = std::move(waiters_.front());
        waiters_.pop_front();
        next->handed = c;
        next->wake.cancel();
        return;
    }
    idle_.push_back(c);
    --in_use_;
}

void client_pool::abandon(const std::shared_ptr<waiter>& w) {
    const auto it = std::find(waiters_.begin(), waiters_.end(), w);
    if (it != waiters_.end()) waiters_.erase(it);
    if (w->handed != nullptr) release(std::exchange(w->handed, nullptr));
}

void client_pool::cancel_all() {
    cancelled_ = true;
    for (const auto& c : clients_) c->cancel();
}

asio::awaitable<void> client_pool::close() {
    // Lent to this loop while they close, so that no acquire() takes one half-closed; the
    // leases' destructors give them back (a closed client reconnects when next used).
    std::vector<lease> closing;
    for (client* c : std::exchange(idle_, {})) {
        ++in_use_;
        closing.push_back(lease(this, c));
    }
    for (auto& l : closing) co_await l->close();
}

}  // namespace sfc::http
