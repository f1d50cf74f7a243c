#include "state/checkpoint_store.hpp"

#include <algorithm>
#include <system_error>

#include "platform/directories.hpp"
#include "platform/file.hpp"

namespace sfc::state {
namespace {

constexpr std::size_t max_key_length = 200;

[[noreturn]] void fail(const std::filesystem::path& path,
                       const std::string& what,
                       const std::error_code& err) {
    throw state_error("checkpoint " + path.string() + ": " + what + ": " + err.message() +
                      " (check the disk and the permissions of the state directory)");
}

}  // namespace

checkpoint_store::checkpoint_store(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    const bool created = platform::create_directories_private(dir_, ec);
    if (!ec && created) platform::make_private_directory(dir_);
    if (!ec && !std::filesystem::is_directory(dir_, ec) && !ec) {
        ec = std::make_error_code(std::errc::not_a_directory);
    }
    // Fail at start-up rather than at the first checkpoint, hours later.
    if (!ec) ec = platform::check_writable_directory(dir_);
    if (ec) {
        throw state_error("state directory " + dir_.string() + " cannot be used: " + ec.message() +
                          " (create it writable for the collector's user, or set state_dir in "
                          "the config)");
    }
}

bool checkpoint_store::valid_key(std::string_view key) {
    return !key.empty() && key.size() <= max_key_length &&
           std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
           });
}

std::filesystem::path checkpoint_store::file_for(std::string_view key) const {
    if (!valid_key(key)) {
        throw state_error("checkpoint key \"" + std::string(key.substr(0, max_key_length)) +
                          "\" is invalid: use 1-200 characters of A-Z a-z 0-9 . _ -");
    }
    return dir_ / (std::string(key) + ".json");
}

std::optional<std::string> checkpoint_store::load(std::string_view key) const {
    const std::filesystem::path path = file_for(key);
    std::error_code ec;
    platform::file f = platform::file::open(path, platform::open_mode::read, ec);
    if (platform::is_not_found(ec)) return std::nullopt;
    if (ec) fail(path, "cannot open", ec);
    std::string value;
    if (auto err = f.read_all(value)) fail(path, "cannot read", err);
    return value;
}

void checkpoint_store::save(std::string_view key, std::string_view value) {
    const std::filesystem::path path = file_for(key);
    if (held_) {
        remember(pending_, key, value);
    } else {
        try {
            write_file(path, value);
        } catch (const state_error& e) {
            unsaved_.emplace(key);
            last_failure_ = e.what();
            throw;
        }
        if (const auto failed = unsaved_.find(key); failed != unsaved_.end()) {
            unsaved_.erase(failed);
        }
    }
    remember(saved_, key, value);
}

void checkpoint_store::write_file(const std::filesystem::path& path, std::string_view value) {
    std::filesystem::path tmp = path;
    tmp += ".tmp";
    std::error_code ignored;

    // rewrite truncates: a leftover .tmp from an earlier crash is simply overwritten.
    std::error_code ec;
    platform::file f = platform::file::open(tmp, platform::open_mode::rewrite, ec, 0600);
    if (ec) fail(tmp, "cannot create", ec);
    if (auto err = f.write_all(value)) {
        f.close();
        std::filesystem::remove(tmp, ignored);
        fail(tmp, "cannot write", err);
    }
    ec = f.sync();
    if (auto err = f.close(); !ec) ec = err;
    if (ec) {
        std::filesystem::remove(tmp, ignored);
        fail(tmp, "cannot flush to disk", ec);
    }
    if (auto err = platform::replace_file(tmp, path)) {
        std::filesystem::remove(tmp, ignored);
        fail(path, "cannot replace", err);
    }
    // The rename is durable only once the directory entry is on disk.
    if (auto err = platform::sync_directory(dir_)) fail(dir_, "cannot flush directory", err);
}

void checkpoint_store::remember(std::map<std::string, std::string, std::less<>>& values,
                                std::string_view key,
                                std::string_view value) {
    auto at = values.find(key);
    if (at == values.end()) at = values.emplace(std::string(key), std::string()).first;
    at->second.assign(value);
}

void checkpoint_store::release() {
    held_ = false;
    auto pending = std::move(pending_);
    pending_.clear();
    std::optional<state_error> first;
    for (const auto& [key, value] : pending) {
        try {
            save(key, value);
        } catch (const state_error& e) {
            if (!first) first = e;
        }
    }
    if (first) throw *first;
}

std::optional<std::string_view> checkpoint_store::saved(std::string_view key) const {
    const auto at = saved_.find(key);
    if (at == saved_.end()) return std::nullopt;
    return at->second;
}

}  // namespace sfc::state
