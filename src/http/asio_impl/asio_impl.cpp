// The one translation unit that compiles Asio, Asio SSL and Beast (separate compilation), so
// that the rest of the code base only pays for their headers' declarations.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
