#include "config/load.hpp"

#include <sstream>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include "config/sections.hpp"
#include "platform/file.hpp"
#include "platform/paths.hpp"

namespace sfc::config {
namespace {

constexpr std::string_view start_fix =
    "start from the commented example config/sfcollector.yaml and fill in the salesforce section "
    "(or list several orgs under orgs:)";

/// Notes where each document starts and nothing else: enough to tell a second document apart.
class document_marks : public YAML::EventHandler {
public:
    int last_line = 0;

    void OnDocumentStart(const YAML::Mark& mark) override { last_line = mark.line; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&)
        override {}
    void OnSequenceStart(const YAML::Mark&,
                         const std::string&,
                         YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&,
                    const std::string&,
                    YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

/// The one document in the file (null when empty). A second one would be ignored silently, so it
/// is an error. Not YAML::LoadAll: yaml-cpp 0.7's LoadAll never returns on a file that starts
/// with a stray ',' (it makes empty documents forever), so at most two documents are looked at.
YAML::Node parse_yaml(std::string_view yaml, const std::string& file_name) {
    try {
        const std::string text(yaml);
        YAML::Node first = YAML::Load(text);
        std::istringstream in(text);
        YAML::Parser parser(in);
        document_marks marks;
        if (parser.HandleNextDocument(marks) && parser.HandleNextDocument(marks)) {
            throw config_error(format_error(file_name,
                                            marks.last_line + 1,
                                            "",
                                            "the file holds more than one YAML document (a later "
                                            "'---' line, or a stray ',' that starts a new one); "
                                            "keep one"));
        }
        return first;
    } catch (const YAML::Exception& e) {
        // Lines and columns are 0-based in yaml-cpp, 1-based in editors.
        std::string where = file_name;
        if (e.mark.line >= 0) {
            where +=
                ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
        }
        throw config_error(where + ": YAML syntax error: " + e.msg);
    }
}

collector_config load_document(std::string_view yaml,
                               const std::string& file_name,
                               const std::filesystem::path& base_dir,
                               const env_lookup& env,
                               load_options options) {
    YAML::Node root = parse_yaml(yaml, file_name);
    yaml_reader reader(file_name, env);
    if (!root.IsDefined() || root.IsNull()) reader.fail(0, "", "the file is empty", start_fix);
    mapping top = reader.read_mapping(field{"", root, 0},
                                      {"salesforce",
                                       "orgs",
                                       "event_log_file",
                                       "objects",
                                       "collection",
                                       "state_dir",
                                       "log_level",
                                       "log_format",
                                       "log_file",
                                       "metrics",
                                       "sinks",
                                       "sink",
                                       "pipeline"});
    section_context context{reader, base_dir, options};
    collector_config out;
    out.state_dir = platform::default_state_dir();
    // Each part is read on its own, so one run reports a mistake in every part, not only the
    // first (the operator fixes them all in one edit).
    std::string errors;
    auto attempt = [&errors](auto read) {
        try {
            read();
        } catch (const config_error& e) {
            errors += errors.empty() ? "" : "\n";
            errors += e.what();
        }
    };
    attempt([&] { out.orgs = read_orgs(context, top); });
    attempt([&] {
        if (auto at = top.find("collection")) out.collection = read_collection(reader, *at);
    });
    attempt([&] {
        if (auto at = top.find("state_dir")) {
            if (auto dir = read_path(context, *at)) {
                out.state_dir = dir->path;
                check_usable_directory(context, *at, *dir, "state_dir");
            }
        }
    });
    attempt([&] { read_logging(context, top, out.logging); });
    attempt([&] {
        if (auto at = top.find("metrics")) out.metrics = read_metrics(reader, *at);
    });
    attempt([&] { out.sinks = read_sinks(context, top.find("sinks"), top.find("sink")); });
    attempt([&] {
        if (auto at = top.find("pipeline")) out.pipeline = read_pipeline(context, *at);
    });
    if (!errors.empty()) throw config_error(errors);
    // Only now is state_dir known.
    if (out.pipeline.dead_letter_path.empty()) {
        out.pipeline.dead_letter_path = out.state_dir / "dead-letter.jsonl";
    }
    return out;
}

[[noreturn]] void fail_file(const std::filesystem::path& path, std::string_view problem) {
    throw config_error(path.string() + ": " + std::string(problem) +
                       "; check the path given with --config and that the sfcollector user may "
                       "read it");
}

/// Only a regular file of sane size: /dev/zero or a FIFO must fail at once, not exhaust memory or
/// hang the start.
std::string read_config_file(const std::filesystem::path& path) {
    std::string text;
    const auto result = platform::read_small_file(path, platform::max_config_file_size, text);
    if (result.status == platform::small_file_status::cannot_open) {
        fail_file(path, "cannot open the config file (" + result.error.message() + ")");
    }
    if (!result) {
        fail_file(path,
                  "the config file " + platform::describe_small_file_failure(
                                           result, "config file", platform::max_config_file_size));
    }
    return text;
}

}  // namespace

collector_config load_file(const std::filesystem::path& path,
                           const env_lookup& env,
                           load_options options) {
    std::string text = read_config_file(path);
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(path, ec);
    if (ec) absolute = path;
    collector_config out = load_document(text, path.string(), absolute.parent_path(), env, options);
    out.source_path = absolute.lexically_normal();
    return out;
}

collector_config load_string(std::string_view yaml,
                             const std::filesystem::path& name,
                             const env_lookup& env,
                             load_options options) {
    collector_config out = load_document(yaml, name.string(), name.parent_path(), env, options);
    out.source_path = name;
    return out;
}

}  // namespace sfc::config
