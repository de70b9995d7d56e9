/// A value put into a catalog string's placeholder: `%1$@` takes any argument, `%1$lld` a number.
public enum CatalogArgument: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case unsigned(UInt64)

    /// The value as the placeholder writes it.
    public var text: String { formatted }

    var formatted: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .unsigned(let value): String(value)
        }
    }

    /// The number that chooses a plural form, if the argument is one.
    var count: UInt64? {
        switch self {
        case .text: nil
        case .integer(let value): value.magnitude
        case .unsigned(let value): value
        }
    }
}

/// Values that can fill a placeholder, so call sites pass them as they are: `tr("k", name, count)`.
public protocol CatalogArgumentConvertible {
    var catalogArgument: CatalogArgument { get }
}

extension CatalogArgument: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { self }
}

extension String: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .text(self) }
}

extension Substring: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .text(String(self)) }
}

extension Int: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .integer(Int64(self)) }
}

extension Int32: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .integer(Int64(self)) }
}

extension Int64: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .integer(self) }
}

extension UInt8: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .unsigned(UInt64(self)) }
}

extension UInt16: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .unsigned(UInt64(self)) }
}

extension UInt32: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .unsigned(UInt64(self)) }
}

extension UInt64: CatalogArgumentConvertible {
    public var catalogArgument: CatalogArgument { .unsigned(self) }
}
