// `salesforce:` (one org) or `orgs:` (several), and what each org collects: its own
// `event_log_file:` and `objects:`, else the top-level ones.

#include <map>

#include "config/sections.hpp"
#include "config/text.hpp"

namespace sfc::config {
namespace {

/// What an org collects when it does not say: the top-level sections, read once so their
/// errors name the top-level lines.
struct org_defaults {
    event_log_file_config event_log_file;
    std::vector<object_source_config> objects;
};

/// An org and the line its name check points at.
struct read_org {
    org_config org;
    int name_line = 0;
};

std::string check_org_name(const std::string& name) {
    return check_plain_name(name, "an org name", "production");
}

org_defaults read_defaults(const yaml_reader& reader, const mapping& top) {
    org_defaults out;
    if (auto at = top.find("event_log_file")) out.event_log_file = read_event_log_file(reader, *at);
    if (auto at = top.find("objects")) out.objects = read_objects(reader, *at);
    return out;
}

/// The entry for `key`, which must be there; else "required ..." naming the item's line.
field require_entry(const yaml_reader& reader,
                    const mapping& item,
                    std::string_view key,
                    std::string_view problem,
                    std::string_view fix) {
    auto entry = item.find(key);
    if (!entry) {
        reader.fail(item.self().line, item.self().name + "." + std::string(key), problem, fix);
    }
    return *entry;
}

read_org read_one_org(const section_context& context,
                      const field& at,
                      const org_defaults& defaults) {
    const yaml_reader& reader = context.reader;
    mapping item = reader.read_mapping(at, {"name", "salesforce", "event_log_file", "objects"});
    field name_at = require_entry(reader,
                                  item,
                                  "name",
                                  "required value is missing",
                                  "give each org a name for logs and state files, e.g. name: "
                                  "production");
    field salesforce_at = require_entry(reader,
                                        item,
                                        "salesforce",
                                        "required section is missing",
                                        "add salesforce: with the org's connection, as in the "
                                        "one-org form (see config/sfcollector.yaml)");
    read_org out;
    auto name = reader.read_as(name_at, check_org_name);
    if (!name) reader.fail(name_at, "required value is missing", "write e.g. name: production");
    out.org.name = *name;
    out.org.salesforce = read_salesforce(context, salesforce_at);
    out.name_line = name_at.line;
    out.org.event_log_file = defaults.event_log_file;
    if (auto elf = item.find("event_log_file")) {
        out.org.event_log_file = read_event_log_file(reader, *elf);
    }
    out.org.objects = defaults.objects;
    if (auto objects = item.find("objects")) out.org.objects = read_objects(reader, *objects);
    return out;
}

/// Names label logs and state files, so two orgs cannot share one. (Two entries for one org
/// under different names are found by the app, which knows the org ids only after logging in.)
void check_unique_names(const yaml_reader& reader,
                        const std::vector<field>& items,
                        const std::vector<read_org>& orgs) {
    std::map<std::string, std::size_t, std::less<>> names;
    for (std::size_t i = 0; i < orgs.size(); ++i) {
        auto [name, inserted] = names.try_emplace(orgs[i].org.name, i);
        if (inserted) continue;
        const field& earlier = items[name->second];
        reader.fail(orgs[i].name_line,
                    items[i].name + ".name",
                    "the org name '" + orgs[i].org.name + "' is also used by " + earlier.name +
                        " (line " + std::to_string(earlier.line) + ")",
                    "give each org its own name");
    }
}

std::vector<org_config> read_org_list(const section_context& context,
                                      const field& list,
                                      const org_defaults& defaults) {
    const yaml_reader& reader = context.reader;
    auto items = reader.read_list(list);
    if (items.empty()) {
        reader.fail(list,
                    "no orgs are listed",
                    "list at least one ('- name: production' with its salesforce: section), or "
                    "use the one-org salesforce: section instead");
    }
    std::vector<read_org> orgs;
    for (const auto& item : items) orgs.push_back(read_one_org(context, item, defaults));
    check_unique_names(reader, items, orgs);
    std::vector<org_config> out;
    for (auto& org : orgs) out.push_back(std::move(org.org));
    return out;
}

}  // namespace

std::vector<org_config> read_orgs(const section_context& context, const mapping& top) {
    const yaml_reader& reader = context.reader;
    auto single = top.find("salesforce");
    auto list = top.find("orgs");
    if (single && list) {
        reader.fail(*list,
                    "both 'salesforce' and 'orgs' are given",
                    "keep one: salesforce: for one org, or move it into an orgs: item with a "
                    "name: for several");
    }
    if (!single && !list) {
        reader.fail(0,
                    "salesforce",
                    "required section is missing",
                    "add it with private_key, username, client_id, instance_url and api_version "
                    "(the five values from the set-up guide; see config/sfcollector.yaml), or "
                    "list several orgs under orgs:");
    }
    org_defaults defaults = read_defaults(reader, top);
    if (single) {
        return {org_config{"default",
                           read_salesforce(context, *single),
                           defaults.event_log_file,
                           defaults.objects}};
    }
    return read_org_list(context, *list, defaults);
}

}  // namespace sfc::config
