using System.IO.Enumeration;
using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>
/// What an <see cref="EnumerationOptions"/> listing keeps, as the framework's enumerator decides it on
/// Unix: the name matched by the pattern (simple or Win32 rules, the casing asked for), entries whose
/// attributes are in AttributesToSkip dropped (a skipped directory is not entered either), Hidden
/// meaning a leading '.'.
/// </summary>
internal sealed class EnumerationFilter
{
    /// <summary>Attributes the framework reads from the directory entry itself; others need a stat.</summary>
    private const FileAttributes FromEntry = FileAttributes.Directory | FileAttributes.Hidden | FileAttributes.ReparsePoint;

    private readonly EnumerationOptions _options;
    private readonly string _expression;
    private readonly bool _ignoreCase;

    public EnumerationFilter(string searchPattern, EnumerationOptions options)
    {
        _options = options;
        _ignoreCase = options.MatchCasing == MatchCasing.CaseInsensitive;
        _expression = options.MatchType == MatchType.Win32 ? Win32Expression(searchPattern) : searchPattern;
    }

    public bool Matches(string name) => _options.MatchType == MatchType.Win32
        ? FileSystemName.MatchesWin32Expression(_expression, name, _ignoreCase)
        : FileSystemName.MatchesSimpleExpression(_expression, name, _ignoreCase);

    /// <summary>True when the entry's attributes exclude it (and, for a directory, what is below it).</summary>
    public bool Skips(string insidePath, bool isDirectory)
    {
        var skip = _options.AttributesToSkip;
        if (skip == 0) return false;
        var name = Path.GetFileName(insidePath);
        if ((skip & ~FromEntry) == 0)
        {
            return (skip.HasFlag(FileAttributes.Directory) && isDirectory)
                || (skip.HasFlag(FileAttributes.Hidden) && name.StartsWith('.'))
                || (skip.HasFlag(FileAttributes.ReparsePoint) && Attributes(insidePath).HasFlag(FileAttributes.ReparsePoint));
        }
        return (skip & Attributes(insidePath)) != 0;
    }

    /// <summary>The entry's own attributes (a link is not followed): read on the host beside its mapped parent.</summary>
    private static FileAttributes Attributes(string insidePath)
    {
        try
        {
            var parent = HostPaths.View.MapPath(Path.GetDirectoryName(insidePath) ?? "/", PathAccess.Read);
            try
            {
                return File.GetAttributes(Path.Join(parent, Path.GetFileName(insidePath)));
            }
            catch (FileNotFoundException)
            {
                // A copy-on-write entry may live in another layer than its parent's upper one.
                return File.GetAttributes(HostPaths.View.MapPath(insidePath, PathAccess.Read));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    /// <summary>The framework's Win32 pattern handling on Unix: "*.*" is everything; '\', '"', '&lt;', '&gt;' are literal.</summary>
    private static string Win32Expression(string pattern)
    {
        if (pattern is "*" or "*.*") return "*";
        if (pattern.AsSpan().IndexOfAny("\\\"<>") >= 0)
            pattern = pattern.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace(">", "\\>").Replace("<", "\\<");
        return FileSystemName.TranslateWin32Expression(pattern);
    }
}
