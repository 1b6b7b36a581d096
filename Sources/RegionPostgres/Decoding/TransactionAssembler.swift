/// Groups a slot's `pgoutput` messages into committed transactions.
///
/// Pure: it remembers the relations it was told about (a slot sends a table's definition
/// once per decoding session, before its first change) and nothing else.
public struct TransactionAssembler: Sendable {
    private var relations: [UInt32: PgOutputRelation] = [:]
    private var open: DecodedTransaction?

    public init() {}

    /// Feeds one message; returns the transaction it completed, if any.
    public mutating func add(_ message: PgOutputMessage) throws(TransactionAssemblyError) -> DecodedTransaction? {
        switch message {
        case .begin(let begin):
            guard open == nil else { throw .nestedBegin(finalLSN: begin.finalLSN) }
            open = DecodedTransaction(
                commitLSN: begin.finalLSN, endLSN: begin.finalLSN, commitTime: begin.commitTime, isRegiondWrite: false, changes: [])
        case .commit(let commit):
            guard var transaction = open else { throw .outsideTransaction("commit") }
            transaction.commitLSN = commit.commitLSN
            transaction.endLSN = commit.endLSN
            transaction.commitTime = commit.commitTime
            open = nil
            return transaction
        case .relation(let relation):
            relations[relation.id] = relation
        case let .insert(id, new):
            try append(.insert, relation: id, old: nil, new: new)
        case let .update(id, old, new):
            try append(.update, relation: id, old: old, new: new)
        case let .delete(id, old):
            try append(.delete, relation: id, old: old, new: nil)
        case .truncate:
            throw .truncate
        case let .message(transactional, _, prefix, _):
            if transactional, prefix == AppliedTransactionMarker.prefix {
                guard open != nil else { throw .outsideTransaction("message") }
                open?.isRegiondWrite = true
            }
        case .origin, .type:
            break
        }
        return nil
    }

    private mutating func append(
        _ kind: DecodedRowChange.Kind, relation id: UInt32, old: [PgOutputValue]?, new: [PgOutputValue]?
    ) throws(TransactionAssemblyError) {
        guard open != nil else { throw .outsideTransaction(kind.rawValue) }
        guard let relation = relations[id] else { throw .unknownRelation(id) }
        let width = relation.columns.count
        guard (old?.count ?? width) == width, (new?.count ?? width) == width else {
            throw .columnCountMismatch(table: "\(relation.namespace).\(relation.name)", expected: width)
        }
        open?.changes.append(DecodedRowChange(relation: relation, kind: kind, old: old, new: new))
    }
}

/// Why a slot's message stream does not form transactions; nothing was captured or advanced.
public enum TransactionAssemblyError: Error, Sendable, Equatable, CustomStringConvertible {
    case nestedBegin(finalLSN: UInt64)
    case outsideTransaction(String)
    case unknownRelation(UInt32)
    case columnCountMismatch(table: String, expected: Int)
    /// TRUNCATE is published (publication option) but cannot be replicated row by row.
    case truncate

    public var description: String {
        switch self {
        case .nestedBegin(let lsn):
            "pgoutput sent a BEGIN inside an open transaction (final LSN \(LSN(lsn))); the slot was not advanced, report this as a bug"
        case .outsideTransaction(let what):
            "pgoutput sent '\(what)' outside a transaction; the slot was not advanced, report this as a bug"
        case .unknownRelation(let id):
            "pgoutput sent a change for relation \(id) before describing it; the slot was not advanced, report this as a bug"
        case let .columnCountMismatch(table, expected):
            "pgoutput sent a tuple of \(table) whose column count differs from its relation's \(expected); the slot was not advanced, report this as a bug"
        case .truncate:
            "a replicated table was truncated; TRUNCATE is not replicated: re-run 'regiond install --capture logical' (the publication excludes truncate) and repair with 'regiond integrity'"
        }
    }
}
