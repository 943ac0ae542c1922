using System.Globalization;
using System.Text.RegularExpressions;
using Ferry.Environments.Paths;

namespace Ferry.Environments.Definition;

/// <summary>
/// The command-line forms of an environment's parts (<c>--map</c>, <c>--publish</c>, <c>--env</c>, sizes),
/// parsed into mappings. Every refusal is an <see cref="EnvironmentException"/> saying what is wrong.
/// </summary>
public static partial class SpecSyntax
{
    /// <summary>The mode of <c>--map INSIDE=OUTSIDE</c> without one: reads see the host, writes stay inside.</summary>
    public const PathMode DefaultHostMode = PathMode.CopyOnWrite;

    /// <summary>
    /// <c>INSIDE</c> (private), <c>INSIDE=OUTSIDE</c> (copy-on-write) or <c>INSIDE=OUTSIDE:MODE</c>. A host path
    /// may hold ':' itself; only a known mode after the last ':' is taken as the mode. OUTSIDE is taken against
    /// <paramref name="hostCwd"/> and must exist.
    /// </summary>
    public static Mapping ParseMap(string text, string hostCwd)
    {
        var eq = text.IndexOf('=');
        if (eq < 0)
        {
            var colon = text.LastIndexOf(':');
            if (colon > 0 && DefinitionNames.TryModeOf(text[(colon + 1)..]) is { } alone)
            {
                if (alone != PathMode.Private) throw new EnvironmentException($"--map {text}: a {DefinitionNames.Of(alone)} mapping needs a host path (INSIDE=OUTSIDE:MODE)");
                return Mapping.PathOf(CheckInside(text[..colon], $"--map {text}"), null, PathMode.Private);
            }
            return Mapping.PathOf(CheckInside(text, $"--map {text}"), null, PathMode.Private);
        }
        var inside = CheckInside(text[..eq], $"--map {text}");
        var rest = text[(eq + 1)..];
        var mode = DefaultHostMode;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon >= 0 && DefinitionNames.TryModeOf(rest[(lastColon + 1)..]) is { } given)
        {
            mode = given;
            rest = rest[..lastColon];
        }
        else if (lastColon >= 0 && !rest[(lastColon + 1)..].Contains('/') && !Path.Exists(Path.GetFullPath(rest, hostCwd)))
        {
            throw new EnvironmentException($"--map {text}: unknown mode \"{rest[(lastColon + 1)..]}\" (private, copy-on-write, read-only, merged)");
        }
        if (rest.Length == 0) throw new EnvironmentException($"--map {text}: the host path after '=' is empty");
        if (mode == PathMode.Private) throw new EnvironmentException($"--map {text}: a private mapping has no host path (write --map {inside})");
        if (rest.Contains('\0')) throw new EnvironmentException($"--map {text}: the host path holds a NUL character");
        var outside = Path.GetFullPath(rest, hostCwd);
        if (outside.Length > 1) outside = outside.TrimEnd('/');
        if (!Directory.Exists(outside) && !File.Exists(outside)) throw new EnvironmentException($"--map {text}: the host path {outside} does not exist");
        return Mapping.PathOf(inside, outside, mode);
    }

    /// <summary>An absolute inside path for a mapping or policy, in normal form; "/" and '..' refused.</summary>
    public static string CheckInside(string path, string what)
    {
        if (path.Length == 0) throw new EnvironmentException($"{what}: the inside path is empty");
        if (path.Contains('\0')) throw new EnvironmentException($"{what}: the inside path holds a NUL character");
        if (!path.StartsWith('/')) throw new EnvironmentException($"{what}: the inside path \"{path}\" is not absolute");
        if (path.Split('/').Contains("..")) throw new EnvironmentException($"{what}: the inside path \"{path}\" holds '..'");
        if (path.Length > InsidePath.MaxLength) throw new EnvironmentException($"{what}: the inside path is longer than {InsidePath.MaxLength} characters");
        var normal = InsidePath.Normalize(path);
        if (normal == "/") throw new EnvironmentException($"{what}: the root \"/\" cannot be mapped (it is always the environment's own)");
        return normal;
    }

    /// <summary><c>HOSTPORT:APPPORT</c>.</summary>
    public static Mapping ParsePublish(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 2) throw new EnvironmentException($"--publish {text}: expected HOSTPORT:APPPORT");
        var host = Port(parts[0], $"--publish {text}");
        var app = Port(parts[1], $"--publish {text}");
        return Mapping.Of(MappingKind.Port, app.ToString(CultureInfo.InvariantCulture), host.ToString(CultureInfo.InvariantCulture));
    }

    private static int Port(string text, string what) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new EnvironmentException($"{what}: \"{text}\" is not a port (1-65535)");

    /// <summary><c>K=V</c> sets a variable inside; <c>K</c> alone lets the host's K through (an exception).</summary>
    public static (Mapping? Variable, PassThrough? HostVariable) ParseEnv(string text)
    {
        var eq = text.IndexOf('=');
        var name = eq < 0 ? text : text[..eq];
        if (!VariableName().IsMatch(name)) throw new EnvironmentException($"--env {text}: \"{name}\" is not a variable name");
        if (eq < 0) return (null, new PassThrough(PassThroughKind.Variable, name));
        var value = text[(eq + 1)..];
        if (value.Contains('\0')) throw new EnvironmentException($"--env {text}: the value holds a NUL character");
        return (Mapping.Of(MappingKind.Variable, name, value), null);
    }

    /// <summary>A path exception: an absolute host path the app sees at the same path, which must exist.</summary>
    public static PassThrough ParseExcept(string text)
    {
        var inside = CheckInside(text, $"--except {text}");
        if (!Directory.Exists(inside) && !File.Exists(inside)) throw new EnvironmentException($"--except {text}: the host path {inside} does not exist");
        return new PassThrough(PassThroughKind.Path, inside);
    }

    public static string ParseHostname(string text) =>
        HostnamePattern().IsMatch(text) && text.Length <= 63 ? text : throw new EnvironmentException($"--hostname {text}: not a host name (letters, digits, '-' and '.', at most 63)");

    public static string ParseUserName(string text) =>
        UserPattern().IsMatch(text) ? text : throw new EnvironmentException($"--user {text}: not a user name (lowercase letters, digits, '_' and '-', at most 32)");

    /// <summary>Bytes: a number with an optional k, m, g or t suffix (powers of 1024), as docker's --memory.</summary>
    public static long ParseSize(string text, string what)
    {
        var m = SizePattern().Match(text.Trim());
        if (!m.Success) throw new EnvironmentException($"{what} {text}: not a size (e.g. 256m, 1g, 4096)");
        var number = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var shift = m.Groups[2].Value.ToLowerInvariant() switch { "" or "b" => 0, "k" => 10, "m" => 20, "g" => 30, _ => 40 };
        if (number == 0) throw new EnvironmentException($"{what} {text}: must be more than 0");
        if (number > (long.MaxValue >> shift)) throw new EnvironmentException($"{what} {text}: too large");
        return number << shift;
    }

    public static double ParseCpus(string text)
    {
        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cpus) || cpus <= 0 || cpus > 1024)
            throw new EnvironmentException($"--cpus {text}: not a CPU count (e.g. 0.5, 2)");
        return cpus;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$")]
    private static partial Regex HostnamePattern();

    [GeneratedRegex("^[a-z_][a-z0-9_-]{0,31}$")]
    private static partial Regex UserPattern();

    [GeneratedRegex("^([0-9]{1,19})([bBkKmMgGtT]?)$")]
    private static partial Regex SizePattern();
}
