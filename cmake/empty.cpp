// Placeholder for a module that has no sources yet.
namespace sfc::detail {
inline void empty_module() {}
}  // namespace sfc::detail
