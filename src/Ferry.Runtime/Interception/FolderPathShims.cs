namespace Ferry.Runtime.Interception;

/// <summary>
/// Environment.GetFolderPath in app code. On Unix the framework derives every user folder from HOME and
/// the XDG variables (and $XDG_CONFIG_HOME/user-dirs.dirs) of the process; here they are the view's
/// variables and the file is read through the view, so the app gets its own home (/home/USER), never the
/// host's. The folder rules are the framework's (.NET 8 and later, Linux); an answer is an inside path.
/// </summary>
public static class FolderPathShims
{
    public static string GetFolderPath(Environment.SpecialFolder folder) => GetFolderPath(folder, Environment.SpecialFolderOption.None);

    public static string GetFolderPath(Environment.SpecialFolder folder, Environment.SpecialFolderOption option)
    {
        if (!Enum.IsDefined(folder))
            throw new ArgumentOutOfRangeException(nameof(folder), folder, $"Illegal enum value: {(int)folder}.");
        if (option is not (Environment.SpecialFolderOption.None or Environment.SpecialFolderOption.Create or Environment.SpecialFolderOption.DoNotVerify))
            throw new ArgumentOutOfRangeException(nameof(option), option, $"Illegal enum value: {(int)option}.");
        var path = Unverified(folder);
        if (path.Length == 0) return path;
        switch (option)
        {
            case Environment.SpecialFolderOption.Create:
                DirectoryShims.CreateDirectory(path);
                return path;
            case Environment.SpecialFolderOption.DoNotVerify:
                return path;
            default:
                return DirectoryShims.Exists(path) ? path : string.Empty;
        }
    }

    private static string Unverified(Environment.SpecialFolder folder)
    {
        switch (folder)
        {
            case Environment.SpecialFolder.CommonApplicationData: return "/usr/share";
            case Environment.SpecialFolder.CommonTemplates: return "/usr/share/templates";
        }
        // The framework falls back to '/' without a home: not writable by the user, so nothing private lands in a shared place.
        var home = Variable("HOME") ?? "/";
        return folder switch
        {
            Environment.SpecialFolder.UserProfile => home,
            Environment.SpecialFolder.Templates => XdgDirectory(home, "XDG_TEMPLATES_DIR", "Templates"),
            Environment.SpecialFolder.Desktop or Environment.SpecialFolder.DesktopDirectory => XdgDirectory(home, "XDG_DESKTOP_DIR", "Desktop"),
            Environment.SpecialFolder.ApplicationData => XdgConfig(home),
            Environment.SpecialFolder.LocalApplicationData => Absolute(Variable("XDG_DATA_HOME")) ?? Path.Combine(home, ".local", "share"),
            Environment.SpecialFolder.MyDocuments => XdgDirectory(home, "XDG_DOCUMENTS_DIR", "Documents"),
            Environment.SpecialFolder.MyMusic => XdgDirectory(home, "XDG_MUSIC_DIR", "Music"),
            Environment.SpecialFolder.MyVideos => XdgDirectory(home, "XDG_VIDEOS_DIR", "Videos"),
            Environment.SpecialFolder.MyPictures => XdgDirectory(home, "XDG_PICTURES_DIR", "Pictures"),
            Environment.SpecialFolder.Fonts => Path.Combine(home, ".fonts"),
            _ => string.Empty,
        };
    }

    private static string? Variable(string name) => HostPaths.View.GetVariable(name) is { Length: > 0 } value ? value : null;

    private static string? Absolute(string? path) => path is not null && path.StartsWith('/') ? path : null;

    private static string XdgConfig(string home) => Absolute(Variable("XDG_CONFIG_HOME")) ?? Path.Combine(home, ".config");

    /// <summary>The variable if absolute, else the key's line in user-dirs.dirs (KEY="$HOME/x" or KEY="/x"), else HOME/fallback.</summary>
    private static string XdgDirectory(string home, string key, string fallback)
    {
        if (Absolute(Variable(key)) is { } set) return set;
        try
        {
            foreach (var raw in FileShims.ReadAllLines(Path.Combine(XdgConfig(home), "user-dirs.dirs")))
            {
                var line = raw.Trim();
                if (!line.StartsWith(key, StringComparison.Ordinal)) continue;
                var rest = line[key.Length..].TrimStart();
                if (!rest.StartsWith('=')) continue;
                rest = rest[1..].TrimStart();
                if (rest.Length < 3 || rest[0] != '"') continue;
                var end = rest.IndexOf('"', 1);
                if (end <= 1) continue;
                var value = rest[1..end];
                if (value.StartsWith("$HOME/", StringComparison.Ordinal)) return Path.Combine(home, value["$HOME/".Length..]);
                if (value.StartsWith('/')) return value;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // As the framework: an unreadable or missing file means the default.
        }
        return Path.Combine(home, fallback);
    }
}
