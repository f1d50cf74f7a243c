#pragma once
// Event ids that depend only on an event's origin or content, so a re-sent event keeps its id.

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace sfc::util {

/// 32 lowercase hex characters: the first 16 bytes of SHA-256 over `parts` joined with '\x1f'
/// (the ASCII unit separator, which Salesforce ids and row numbers never contain).
std::string stable_event_id(std::initializer_list<std::string_view> parts);

/// Ids over parts that may hold any byte (CSV cells): each part enters the hash as its length
/// (LEB128: 7 bits a byte, low bits first, the high bit set on all but the last byte) and then
/// its bytes, so no content can shift a boundary. The id has
/// stable_event_id's form. One SHA-256 context and one buffer serve every id: once the buffer
/// has grown to the longest input, an id costs no allocation besides the returned string.
/// Not thread-safe.
class stable_id_hasher {
public:
    stable_id_hasher();
    ~stable_id_hasher();
    stable_id_hasher(stable_id_hasher&&) noexcept;
    stable_id_hasher& operator=(stable_id_hasher&&) noexcept;

    /// Appends `part` as add() would feed it, for parts that are the same in every id.
    static void encode(std::string& out, std::string_view part);

    void add(std::string_view part) {
        if (part.size() >= 0x80) return encode(input_, part);
        input_.push_back(static_cast<char>(part.size()));  // the usual short cell, inline
        input_.append(part);
    }
    /// Adds text encode() made (one or several parts).
    void add_encoded(std::string_view encoded) { input_.append(encoded); }
    /// The id of everything added since the last finish(); starts the next id.
    std::string finish();

private:
    struct digest;
    std::unique_ptr<digest> digest_;
    std::string input_;
};

}  // namespace sfc::util
