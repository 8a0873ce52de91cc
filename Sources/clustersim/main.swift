import ArrowLite
import Foundation

func printTopLevelHelp() {
    let commands = Command.all
    var text = "clustersim: a deterministic simulated cluster for distributed query engines\n\nCommands:\n"
    for command in commands {
        let name = command.words.joined(separator: " ")
        text += "  " + name.padding(toLength: 16, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    text += "\nRun 'clustersim COMMAND --help' for a command's options.\n"
    print(text, terminator: "")
}

func writeError(_ message: String) {
    FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
}

/// Finds the command whose words prefix the arguments (longest match), runs it and returns the exit code.
func dispatch(_ arguments: [String]) -> Int32 {
    if arguments.isEmpty || arguments == ["--help"] || arguments == ["help"] {
        printTopLevelHelp()
        return arguments.isEmpty ? ExitCode.usage : ExitCode.success
    }
    let commands = Command.all
    let matches = commands.filter { Array(arguments.prefix($0.words.count)) == $0.words }
    guard let command = matches.max(by: { $0.words.count < $1.words.count }) else {
        let typed = arguments.prefix(2).joined(separator: " ")
        let names = commands.map { $0.words.joined(separator: " ") }
        let hint = closestName(to: typed, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        writeError("unknown command '\(typed)'\(hint); run 'clustersim --help' for the list")
        return ExitCode.usage
    }
    let rest = Array(arguments.dropFirst(command.words.count))
    if rest.contains("--help") {
        print(command.usage)
        return ExitCode.success
    }
    do {
        return try command.run(rest)
    } catch let error as UsageError {
        writeError(error.description)
        let name = command.words.joined(separator: " ")
        FileHandle.standardError.write(Data("run 'clustersim \(name) --help' for its options\n".utf8))
        return ExitCode.usage
    } catch {
        writeError("\(error)")
        return ExitCode.usage
    }
}

MemoryTuning.retainFreedMemory()
exit(dispatch(Array(CommandLine.arguments.dropFirst())))
