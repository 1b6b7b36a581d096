import Foundation

FileHandle.standardError.write(Data("regiond-bench-simulate: not built yet\n".utf8))
exit(1)
