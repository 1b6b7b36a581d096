import CCurl
import CZlib
import Testing

@Test func libcurlLoadsWithOpenSSL() throws {
    let info = try #require(regiond_curl_version_info())
    let ssl = info.pointee.ssl_version.map { String(cString: $0) } ?? ""
    #expect(ssl.contains("OpenSSL"), "expected the OpenSSL flavour of libcurl, got '\(ssl)'")
}

@Test func zlibLoads() {
    let version = String(cString: zlibVersion())
    #expect(version.hasPrefix("1."))
}
