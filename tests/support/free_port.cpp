#include "support/free_port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace sundial::testing {
namespace {

// Closes the descriptor on every path out of the functions below.
class Socket {
 public:
  Socket() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) throw std::runtime_error(std::string("socket() failed: ") + std::strerror(errno));
  }
  ~Socket() { close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

}  // namespace

int PickFreePort() {
  Socket socket;
  sockaddr_in address = Loopback(0);
  if (bind(socket.fd(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    throw std::runtime_error(std::string("bind(127.0.0.1:0) failed: ") + std::strerror(errno));
  }
  socklen_t length = sizeof(address);
  if (getsockname(socket.fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error(std::string("getsockname() failed: ") + std::strerror(errno));
  }
  return ntohs(address.sin_port);
}

bool PortAcceptsConnections(int port) {
  Socket socket;
  sockaddr_in address = Loopback(port);
  return connect(socket.fd(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
}

}  // namespace sundial::testing
