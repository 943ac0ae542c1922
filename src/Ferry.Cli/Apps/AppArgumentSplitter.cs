using System.CommandLine;

namespace Ferry.Cli.Apps;

/// <summary>
/// <c>ferry run [OPTIONS] APP.dll [ARGS...]</c>: everything after APP.dll belongs to the app, even when it
/// looks like a ferry option (as with <c>podman run IMAGE ARGS</c>). System.CommandLine would parse those,
/// so a <c>--</c> is put right after APP.dll before parsing; the command's own option definitions tell
/// which tokens are option values.
/// </summary>
internal static class AppArgumentSplitter
{
    public static string[] Normalize(string[] args, Command command)
    {
        var at = Array.IndexOf(args, command.Name);
        // Any token before the command that is not an option means another command is meant.
        if (at < 0 || args.Take(at).Any(a => !a.StartsWith('-'))) return args;
        for (var i = at + 1; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--") return args; // "run [OPTIONS] -- APP.dll ARGS": separated already
            // The app path: whatever follows is the app's, a literal "--" included.
            if (!token.StartsWith('-') || token == "-") return [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
            var option = FindOption(command, token);
            if (option is not null && TakesValue(option) && !token.Contains('=')) i++; // skip its value
        }
        return args;
    }

    private static Option? FindOption(Command command, string token)
    {
        var name = token.Split('=', 2)[0];
        return command.Options.FirstOrDefault(o => o.Name == name || o.Aliases.Contains(name));
    }

    private static bool TakesValue(Option option) => option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0;
}
