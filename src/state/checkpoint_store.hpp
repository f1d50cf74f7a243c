#pragma once
// Durable cursors: one small file per key, replaced atomically (a crash never leaves half a value).
// value.

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sfc::state {

/// The state directory or a checkpoint file cannot be used; what() names the path and the fix.
class state_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Values stored as <dir>/<key>.json. save() writes <key>.json.tmp, fsyncs it, renames it over
/// <key>.json and fsyncs the directory, so a reader sees either the old or the new value. A .tmp
/// left by a crash is ignored and replaced by the next save. Not safe for concurrent use.
class checkpoint_store {
public:
    /// Creates `dir` (mode 0700) if missing, and missing parents (0750). Throws state_error when it
    /// cannot be created or is not a directory.
    explicit checkpoint_store(std::filesystem::path dir);

    /// The value last saved under `key`, or nullopt if there is none. Throws state_error on an
    /// invalid key or an unreadable file.
    std::optional<std::string> load(std::string_view key) const;
    /// Durably replaces the value under `key`. Throws state_error on an invalid key or an I/O
    /// error (the previous value then stays in place).
    void save(std::string_view key, std::string_view value);
    /// From hold() to release(), save() only keeps the newest value of each key, and release()
    /// writes each of them once: a round of cursor saves that follow each other within moments
    /// costs one fsync and rename per key. release() tries every key, then throws the first
    /// state_error, if any (the failed keys count in unsaved()).
    void hold() { held_ = true; }
    void release();
    /// The value this store last saved (or holds) under `key` in this process, without reading the
    /// disk (for the metrics' cursor lag after each delivered batch); nullopt before the first
    /// save.
    std::optional<std::string_view> saved(std::string_view key) const;
    /// How many keys' last save() failed (a full disk): their progress is not on disk, so a
    /// `once` pass must not report success. A later successful save of the key clears it.
    std::size_t unsaved() const { return unsaved_.size(); }
    /// The last failed save's message (names the file and the fix); empty before any.
    const std::string& last_failure() const { return last_failure_; }

    const std::filesystem::path& dir() const { return dir_; }

    /// Keys are 1-200 characters of [A-Za-z0-9._-] (they become file names).
    static bool valid_key(std::string_view key);

private:
    std::filesystem::path file_for(std::string_view key) const;
    void write_file(const std::filesystem::path& path, std::string_view value);
    static void remember(std::map<std::string, std::string, std::less<>>& values,
                         std::string_view key,
                         std::string_view value);

    std::filesystem::path dir_;
    std::map<std::string, std::string, std::less<>> saved_;
    std::set<std::string, std::less<>> unsaved_;
    bool held_ = false;
    std::map<std::string, std::string, std::less<>> pending_;  ///< saved while held
    std::string last_failure_;
};

}  // namespace sfc::state
