// sfcollector: thin entry point; everything else lives in the core library.
#include <string>
#include <vector>

#include "app/cli.hpp"

int main(int argc, char** argv) {
    return sfc::app::main_entry(std::vector<std::string>(argv + 1, argv + argc));
}
