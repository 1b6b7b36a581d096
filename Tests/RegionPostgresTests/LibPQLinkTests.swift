import CLibPQ
import Testing

@Test func libpqLoads() {
    // PQlibVersion returns major * 10000 + minor; Debian 12 ships 15.x.
    #expect(PQlibVersion() >= 100_000)
}
