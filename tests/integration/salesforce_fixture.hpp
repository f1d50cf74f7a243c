#pragma once
// A rest_client over a pool of clients to an in-process fake Salesforce (real TLS, loopback),
// with fast retries and a short budget check interval, for the salesforce_* integration tests.

#include "salesforce/rest_client.hpp"

#include "fake_salesforce/fake_salesforce.hpp"
#include "fake_salesforce/issued_tokens.hpp"
#include "pki/test_pki.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

namespace sfc::salesforce::fixture {

using namespace std::chrono;

inline const sys_seconds t0 = sys_days{2024y / March / 11} + hours{15};

inline test::fake_salesforce_options small_pages() {
    test::fake_salesforce_options options;
    options.default_batch_size = 2;
    return options;
}

inline rest_settings fast_settings() {
    rest_settings s;
    s.retry.initial = milliseconds(1);
    s.retry.max = milliseconds(5);
    s.budget.check_interval = milliseconds(50);
    s.budget.org = "00D5j00000DgAYG";
    s.seed = 7;
    return s;
}

class rest_fixture : public ::testing::Test {
protected:
    // RSA key generation takes about a second: one PKI serves every fake of the suite.
    static void SetUpTestSuite() { pki_ = test::make_tls_pki(); }

    static test::fake_salesforce_options with_pki(test::fake_salesforce_options options) {
        options.tls_cert_pem = pki_.server_cert_pem;
        options.tls_key_pem = pki_.server_key_pem;
        options.tls_ca_pem = pki_.ca_cert_pem;
        return options;
    }

    explicit rest_fixture(test::fake_salesforce_options options = small_pages(),
                          rest_settings settings = fast_settings(),
                          unsigned max_clients = 1)
        : fake_(with_pki(std::move(options))) {
        fake_.start();
        http::client_options client_options;
        client_options.tls.ca_pem = fake_.ca_cert_pem();
        pool_ = std::make_unique<http::client_pool>(
            ioc_.get_executor(), fake_.base_url(), client_options, max_clients);
        client_ = std::make_unique<rest_client>(*pool_, tokens_, "64.0", stop_, settings);
    }

    template <class T>
    std::future<T> spawn(boost::asio::awaitable<T> op) {
        return boost::asio::co_spawn(ioc_, std::move(op), boost::asio::use_future);
    }

    template <class T>
    T run(boost::asio::awaitable<T> op) {
        auto result = spawn(std::move(op));
        ioc_.restart();
        ioc_.run();
        return result.get();
    }

    // The error a call throws; fails the test if it throws nothing.
    template <class T>
    api_error run_expecting_error(boost::asio::awaitable<T> op) {
        try {
            run(std::move(op));
        } catch (const api_error& e) {
            return e;
        }
        ADD_FAILURE() << "no api_error";
        return api_error("", "", "", {});
    }

    /// Runs the client's loop in short slices until `done` holds; false after 10 s.
    bool run_until(const std::function<bool()>& done) {
        const auto deadline = steady_clock::now() + seconds(10);
        while (!done()) {
            if (steady_clock::now() > deadline) return false;
            ioc_.restart();
            ioc_.run_for(milliseconds(5));
        }
        return true;
    }

    template <class T>
    static bool ready(const std::future<T>& f) {
        return f.wait_for(seconds(0)) == std::future_status::ready;
    }

    int requests_to(const std::string& path) const {
        auto by_path = fake_.stats().requests_by_path;
        return by_path[path];
    }

    /// Query pages asked for, first pages and nextRecordsUrl pages alike, whatever the answer.
    int query_requests() const {
        int n = 0;
        for (const auto& [path, count] : fake_.stats().requests_by_path) {
            if (path.starts_with(query_path)) n += count;
        }
        return n;
    }

    std::string download(const std::string& path, int* chunks = nullptr) {
        std::string body;
        run(client_->download_log_file(
            path, 0, [&](std::string_view chunk) -> boost::asio::awaitable<void> {
                body.append(chunk);
                if (chunks != nullptr) {
                    ++*chunks;
                }
                co_return;
            }));
        return body;
    }

    test::log_file_info add_file(sys_seconds created, std::size_t rows = 10) {
        test::log_file_spec spec;
        spec.log_date = floor<hours>(created) - hours{2};
        spec.created_date = created;
        spec.rows = rows;
        return fake_.add_log_file(spec);
    }

    static std::string log_file_path(const std::string& id) {
        return "/services/data/v64.0/sobjects/EventLogFile/" + id + "/LogFile";
    }

    static inline const std::string query_path = "/services/data/v64.0/query";
    static inline const std::string limits_path = "/services/data/v64.0/limits/";
    static inline test::tls_pki pki_;
    test::fake_salesforce fake_;
    boost::asio::io_context ioc_;
    async::stop_signal stop_{ioc_.get_executor()};
    test::issued_tokens tokens_{fake_};
    std::unique_ptr<http::client_pool> pool_;
    std::unique_ptr<rest_client> client_;
};

}  // namespace sfc::salesforce::fixture
