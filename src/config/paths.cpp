// Paths in the config resolve against the config file's folder, not the daemon's working
// directory, so a config means the same thing however the service is started.

#include <openssl/crypto.h>

#include "config/sections.hpp"
#include "platform/file.hpp"

namespace sfc::config {
namespace {

/// Reading the file now turns a wrong path into a start-up error on the line that named it,
/// instead of a failure at the first connection; a FIFO or device is refused without blocking.
void check_readable(const section_context& context,
                    const field& at,
                    const path_value& file,
                    const input_file_kind& kind) {
    std::string content;
    const auto result = platform::read_small_file(file.path, kind.limit, content);
    std::string shown = file.from_env ? "the file" : "'" + file.path.string() + "'";
    std::string problem;
    if (result.status == platform::small_file_status::cannot_open) {
        problem = "cannot read " + shown + " (" + result.error.message() + ")";
    } else if (!result) {
        problem = shown + " " + platform::describe_small_file_failure(result, "file", kind.limit);
    } else if (kind.pem) {
        if (auto bad = pem_problem(content, *kind.pem); !bad.empty()) problem = shown + " " + bad;
    }
    OPENSSL_cleanse(content.data(), content.size());  // a key or a secret
    if (problem.empty()) return;
    context.reader.fail(at,
                        problem,
                        "give the path of " + std::string(kind.what) +
                            " the sfcollector user can read (relative paths start from the "
                            "config file's folder)");
}

/// The nearest folder of `dir` (itself included) that exists; empty when none does.
std::filesystem::path nearest_existing(const std::filesystem::path& dir) {
    std::error_code ec;
    for (auto at = dir; !at.empty(); at = at.parent_path()) {
        if (std::filesystem::exists(at, ec)) return at;
        if (at == at.parent_path()) break;
    }
    return {};
}

/// `dir`, or the nearest folder above it that exists, is a folder this process may write to.
void check_folder(const section_context& context,
                  const field& at,
                  const std::filesystem::path& dir,
                  bool from_env,
                  const std::string& fix) {
    const std::filesystem::path existing = nearest_existing(dir);
    if (existing.empty()) return;  // a relative path on a missing drive: the start says why
    const std::string shown = from_env ? "the folder" : "'" + existing.string() + "'";
    std::error_code ec;
    if (!std::filesystem::is_directory(existing, ec)) {
        context.reader.fail(at, shown + " exists and is not a folder", fix);
    }
    if (auto error = platform::check_writable_directory(existing)) {
        context.reader.fail(at,
                            (existing == dir ? "cannot write to " : "cannot create folders in ") +
                                shown + " (" + error.message() + ")",
                            fix);
    }
}

}  // namespace

void check_usable_directory(const section_context& context,
                            const field& at,
                            const path_value& dir,
                            std::string_view what) {
    if (!context.options.check_files) return;
    check_folder(context,
                 at,
                 dir.path,
                 dir.from_env,
                 "point " + std::string(what) +
                     " at a folder the sfcollector user may write to (or may create)");
}

void check_output_file(const section_context& context,
                       const field& at,
                       const path_value& file,
                       std::string_view what) {
    if (!context.options.check_files) return;
    const std::string fix = "point " + std::string(what) +
                            " at a file in a folder the sfcollector user may write to (or may "
                            "create)";
    std::error_code ec;
    if (std::filesystem::is_directory(file.path, ec)) {
        const std::string shown = file.from_env ? "the path" : "'" + file.path.string() + "'";
        context.reader.fail(at, shown + " is a folder", fix);
    }
    check_folder(context, at, file.path.parent_path(), file.from_env, fix);
}

std::optional<path_value> read_path(const section_context& context, const field& at) {
    auto text = context.reader.read_text(at);
    if (!text) return std::nullopt;
    std::filesystem::path path(text->value);
    if (path.is_relative()) path = context.base_dir / path;
    return path_value{path.lexically_normal(), text->from_env};
}

std::optional<path_value> read_input_file(const section_context& context,
                                          const field& at,
                                          const input_file_kind& kind) {
    auto file = read_path(context, at);
    if (file && context.options.check_files) check_readable(context, at, *file, kind);
    return file;
}

}  // namespace sfc::config
