// --cidfile for run and create: docker's CLI claims the file before creating the
// container, writes the id once it exists, and removes the file if creation failed.
#pragma once

#include <string>

namespace tug::commands {

class CidFile {
public:
    // Empty path: does nothing. InvalidArgument with docker's message when the file exists.
    explicit CidFile(std::string path);
    CidFile(const CidFile&) = delete;
    CidFile& operator=(const CidFile&) = delete;
    // Removes the claimed file unless an id was written.
    ~CidFile();
    void write(const std::string& id);

private:
    std::string path_;
    bool written_ = false;
};

}  // namespace tug::commands
