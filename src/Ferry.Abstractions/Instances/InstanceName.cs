using System.Text.RegularExpressions;

namespace Ferry.Abstractions.Instances;

/// <summary>Instance names as the user gives them (<c>--name</c>); same rule as podman's container names.</summary>
public static partial class InstanceName
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")]
    private static partial Regex Pattern();

    /// <summary>Null when <paramref name="name"/> is acceptable, otherwise why not.</summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0) return "a name cannot be empty";
        if (name.Length > MaxLength) return $"a name is at most {MaxLength} characters";
        if (!Pattern().IsMatch(name)) return "a name starts with a letter or digit and holds only letters, digits, '_', '.' and '-'";
        return null;
    }

    /// <summary>Null when <paramref name="name"/> is acceptable, otherwise the one-line refusal.</summary>
    public static string? Refusal(string name) => Problem(name) is { } problem ? $"invalid name \"{name}\": {problem}" : null;

    /// <summary>The stem a default name is made from: the app's file name, lowercased, reduced to allowed characters.</summary>
    public static string StemOf(string appPath)
    {
        var stem = Path.GetFileNameWithoutExtension(appPath).ToLowerInvariant();
        var chars = stem.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray();
        var cleaned = new string(chars).TrimStart('_', '.', '-');
        if (cleaned.Length == 0) cleaned = "app";
        return cleaned.Length > MaxLength - 8 ? cleaned[..(MaxLength - 8)] : cleaned;
    }
}
