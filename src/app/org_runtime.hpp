#pragma once
// Everything that collects from one org, owned in one place, and its poll loop.

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <memory>
#include <random>

#include "app/collector.hpp"
#include "sfc/clock.hpp"
#include "sfc/config.hpp"

namespace sfc::app {

class org_runtime {
public:
    org_runtime(boost::asio::any_io_executor executor,
                const config::collector_config& cfg,
                const sfc::clock& clock,
                std::uint64_t seed);
    ~org_runtime();

    /// Polls until stopped (forever) or for one pass (once); returns the exit code.
    boost::asio::awaitable<int> run(run_mode mode);
    void request_stop();

private:
    struct parts;
    std::unique_ptr<parts> parts_;
};

}  // namespace sfc::app
