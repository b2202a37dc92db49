#pragma once

namespace sundial::testing {

// A TCP port on 127.0.0.1 that nothing listened on a moment ago. The kernel
// picks it, so concurrent test processes rarely collide; callers that start a
// server on it still retry with a fresh port when the bind loses a race.
int PickFreePort();

// True when something accepts TCP connections on 127.0.0.1:port.
bool PortAcceptsConnections(int port);

}  // namespace sundial::testing
