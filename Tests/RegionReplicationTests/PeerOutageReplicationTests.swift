import Foundation
import RegionCore
import Testing

/// A peer whose agent is down accumulates a backlog at the sender (its cursor stays put)
/// and receives everything once it is back.
@Suite(.serialized) struct PeerOutageReplicationTests {
    typealias Regions = ThreeRegionConfig

    @Test func downPeerAccumulatesBacklogAndCatchesUp() async throws {
        let cluster = try await LoopbackCluster.start()
        await cluster.startAll()
        do {
            let cursor = "SELECT coalesce(max(txid::text || '/' || seq), 'none') FROM regiond.peer_cursors WHERE peer = 'frankfurt' AND tier = 'critical'"
            let cursorBefore = try await cluster.scalar(cursor, in: Regions.seoul)
            await cluster.stopServer(Regions.frankfurt)
            try await cluster.execute(
                "INSERT INTO users (id, country, name) SELECT g, 'US', 'while-down-' || g FROM generate_series(1, 100) g",
                in: Regions.seoul)
            try await waitUntil("tokyo received the rows") {
                try await cluster.scalar("SELECT count(*) FROM users", in: Regions.tokyo) == "100"
            }
            let seoul = try #require(await cluster.nodes[Regions.seoul])
            try await waitUntil("tokyo's acknowledgement reached seoul") {
                await seoul.service.replicator.backlogRows(peer: Regions.tokyo) == 0
            }
            #expect(await seoul.service.replicator.backlogRows(peer: Regions.frankfurt) == 100)
            #expect(try await cluster.scalar("SELECT count(*) FROM users", in: Regions.frankfurt) == "0")
            #expect(try await cluster.scalar(cursor, in: Regions.seoul) == cursorBefore)

            await cluster.startServer(Regions.frankfurt)
            try await waitUntil("frankfurt caught up") {
                try await cluster.scalar("SELECT count(*) FROM users", in: Regions.frankfurt) == "100"
            }
            try await waitUntil("seoul's backlog for frankfurt drained and its cursor moved") {
                let drained = await seoul.service.replicator.backlogRows(peer: Regions.frankfurt) == 0
                let moved = try await cluster.scalar(cursor, in: Regions.seoul) != cursorBefore
                return drained && moved
            }
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    @Test func backlogOfADownPeerStaysWithinTheLimitAndTheRestWaitsInTheChangelog() async throws {
        let cluster = try await LoopbackCluster.start()
        await cluster.startAll()
        do {
            let limit = cluster.config.replication.backlogLimit
            let rows = limit * 4
            await cluster.stopServer(Regions.frankfurt)
            try await cluster.execute(
                "INSERT INTO users (id, country, name) SELECT g, 'US', 'while-down-' || g FROM generate_series(1, \(rows)) g",
                in: Regions.seoul)
            try await waitUntil("tokyo received the rows") {
                try await cluster.scalar("SELECT count(*) FROM users", in: Regions.tokyo) == "\(rows)"
            }
            let seoul = try #require(await cluster.nodes[Regions.seoul])
            let backlog = await seoul.service.replicator.backlogRows(peer: Regions.frankfurt)
            #expect(backlog == limit + 1, "in memory for frankfurt: \(backlog) of \(rows) rows (limit \(limit))")

            await cluster.startServer(Regions.frankfurt)
            try await waitUntil("frankfurt caught up from the changelog") {
                try await cluster.scalar("SELECT count(*) FROM users", in: Regions.frankfurt) == "\(rows)"
            }
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }
}
