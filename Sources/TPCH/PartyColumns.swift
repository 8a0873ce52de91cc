/// The columns customers and suppliers share: key, `Name#000000042`, address, nation key, phone, account balance.
/// The two tables differ only in their seeds and name prefix.
struct PartyColumns {
    private var address: AlphaNumericStream
    private var nationKey: BoundedIntStream
    private var phone: PhoneStream
    private var accountBalance: BoundedIntStream
    private let namePrefix: StaticString
    private let scratch = ByteWriter(capacity: 256)

    init(namePrefix: StaticString, addressSeed: Int64, nationSeed: Int64, phoneSeed: Int64, balanceSeed: Int64) {
        self.namePrefix = namePrefix
        address = AlphaNumericStream(seed: addressSeed, averageLength: 25)
        nationKey = BoundedIntStream(seed: nationSeed, 0, Int32(Distributions.shared.nations.count - 1))
        phone = PhoneStream(seed: phoneSeed)
        accountBalance = BoundedIntStream(seed: balanceSeed, -99_999, 999_999)
    }

    mutating func write<Sink: RowSink>(key: Int64, into sink: inout Sink) {
        sink.int64(key)
        scratch.reset()
        scratch.append(namePrefix)
        scratch.appendPadded(Int(key), width: 9)
        sink.text(scratch.bytes)
        scratch.reset()
        address.next(into: scratch)
        sink.text(scratch.bytes)
        let nation = Int64(nationKey.next())
        sink.int64(nation)
        scratch.reset()
        phone.next(nationKey: nation, into: scratch)
        sink.text(scratch.bytes)
        sink.cents(Int64(accountBalance.next()))
    }

    mutating func rowFinished() {
        address.rowFinished()
        nationKey.rowFinished()
        phone.rowFinished()
        accountBalance.rowFinished()
    }

    mutating func advanceRows(_ rows: Int64) {
        address.advanceRows(rows)
        nationKey.advanceRows(rows)
        phone.advanceRows(rows)
        accountBalance.advanceRows(rows)
    }
}
