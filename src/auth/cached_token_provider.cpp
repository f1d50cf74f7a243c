#include "auth/cached_token_provider.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>

namespace sfc::auth {
namespace asio = boost::asio;

/// One request to the token endpoint that other callers wait for: `done` is cancelled when
/// it ends, which wakes every waiter.
struct cached_token_provider::flight {
    explicit flight(asio::any_io_executor executor)
        : done(executor, asio::steady_timer::time_point::max()) {}
    asio::steady_timer done;
    std::optional<access_token> result;
    std::exception_ptr error;
};

cached_token_provider::cached_token_provider() = default;

cached_token_provider::~cached_token_provider() = default;

asio::awaitable<access_token> cached_token_provider::token() {
    if (cached_) co_return *cached_;
    if (auto joined = flight_) {
        boost::system::error_code ignored;
        co_await joined->done.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (joined->error) std::rethrow_exception(joined->error);
        if (!joined->result) {  // this waiter was cancelled before the request ended
            throw boost::system::system_error(asio::error::operation_aborted);
        }
        co_return *joined->result;
    }
    auto own = std::make_shared<flight>(co_await asio::this_coro::executor);
    flight_ = own;
    try {
        own->result = co_await mint();
        cached_ = own->result;
    } catch (...) {
        own->error = std::current_exception();
    }
    flight_.reset();
    own->done.cancel();
    if (own->error) std::rethrow_exception(own->error);
    co_return *own->result;
}

void cached_token_provider::invalidate(std::string_view value) {
    if (cached_ && cached_->value == value) cached_.reset();
}

}  // namespace sfc::auth
