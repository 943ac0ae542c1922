using System.Collections.Concurrent;
using Ferry.Abstractions.Environments;
using Ferry.Environments.Definition;
using Ferry.Environments.Storage;

namespace Ferry.Environments.Paths;

/// <summary>
/// Turns an inside path into the host path to use for it: the security core of an environment.
/// <list type="number">
/// <item>The path is taken against the inside current directory and walked component by component; '..'
/// never goes above the inside root.</item>
/// <item>Every component is looked up on the host side (the environment's root/, or a mapping's host path)
/// without following links; a symbolic link found there is read and its target interpreted as an INSIDE
/// path (absolute targets from the inside root, relative ones from the link's inside directory), at most
/// <see cref="MaxLinks"/> times, as the kernel does. So no link, wherever it came from, leads outside.</item>
/// <item>The longest mapping prefix decides where the resolved path lives; unmapped paths are private
/// (root/) and their top directory is recorded as an auto mapping.</item>
/// <item>/proc's escape hatches (<see cref="ProcPaths"/>) and deny-path policies refuse with
/// UnauthorizedAccessException, checked on the literal path, on every step of the walk and on the result.</item>
/// <item>Writes: read-only mappings refuse; copy-on-write copies the file up into root/ first; a private file
/// with more than one hard link gets its own copy first, so a hard link made inside to a host file never
/// lets a write reach that file.</item>
/// </list>
/// Thread-safe (state: the whiteouts and the auto-mapping record, both concurrent).
/// </summary>
public sealed class PathResolver
{
    /// <summary>Links followed in one resolution before giving up (Linux's limit, ELOOP).</summary>
    public const int MaxLinks = 40;

    private readonly string _root;
    private readonly IReadOnlyList<Mount> _mounts; // longest inside path first; the last is "/"
    private readonly IReadOnlyList<string> _denied;
    private readonly WhiteoutSet _whiteouts;
    private readonly Action<string>? _recordAuto;
    private readonly ConcurrentDictionary<string, bool> _autoRecorded = new(StringComparer.Ordinal);

    public PathResolver(string rootDirectory, EnvironmentDefinition definition, WhiteoutSet whiteouts, Action<string>? recordAuto = null)
    {
        _root = Path.GetFullPath(rootDirectory).TrimEnd('/');
        var mounts = definition.PathMappings
            .Where(m => m.Origin == MappingOrigin.Explicit)
            .Select(m => new Mount(m.Inside, m.Outside, m.Mode ?? PathMode.Private))
            .Concat(definition.PassThroughs.Where(p => p.Kind == PassThroughKind.Path).Select(p => new Mount(p.Resource, p.Resource, PathMode.Merged)))
            .Append(new Mount("/", null, PathMode.Private))
            .OrderByDescending(m => m.Inside.Length)
            .ToList();
        _mounts = mounts;
        _denied = definition.Policies.DenyPaths;
        _whiteouts = whiteouts;
        _recordAuto = recordAuto;
        foreach (var auto in definition.PathMappings.Where(m => m.Origin == MappingOrigin.Auto)) _autoRecorded[auto.Inside] = true;
    }

    public string RootDirectory => _root;

    /// <summary>Resolve <paramref name="path"/> (against the inside <paramref name="cwd"/>) for <paramref name="access"/>.</summary>
    /// <exception cref="UnauthorizedAccessException">a policy, /proc rule or read-only mapping refuses it.</exception>
    /// <exception cref="IOException">too many levels of symbolic links.</exception>
    public ResolvedPath Resolve(string path, string cwd, PathAccess access)
    {
        var inside = ResolveInside(path, cwd, followLast: access != PathAccess.Delete, out var missingPrivate);
        return new ResolvedPath(inside, Place(inside, access, missingPrivate));
    }

    /// <summary>The inside path <paramref name="path"/> names once links are followed (the last one only with <paramref name="followLast"/>).</summary>
    public string ResolveInside(string path, string cwd, bool followLast) => ResolveInside(path, cwd, followLast, out _);

    /// <param name="missingPrivate">
    /// An inside path found to have no private (root/) copy during the walk, or null: nothing below it has one
    /// either, so copy-on-write lookups below it skip root/ (half the host calls on a host-only tree).
    /// </param>
    private string ResolveInside(string path, string cwd, bool followLast, out string? missingPrivate)
    {
        missingPrivate = null;
        InsidePath.CheckSyntax(path);
        var full = path.StartsWith('/') ? path : InsidePath.Combine(cwd, path);
        var literal = InsidePath.Normalize(full);
        CheckAllowed(literal);
        // A trailing "/" or "/." asks for a directory: the last link is followed whatever the operation.
        if (full.EndsWith('/') || full.EndsWith("/.", StringComparison.Ordinal)) followLast = true;
        if (UseFastPath && NoLinksOnTheWay(full, literal, out missingPrivate))
        {
            // Deny and /proc rules hold for every prefix once they hold for the whole path (component prefixes).
            RecordAuto(literal);
            return literal;
        }
        missingPrivate = null;

        var pending = new Stack<string>(InsidePath.Components(full).Reverse());
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var component = pending.Pop();
            if (component == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            if (component.Length > InsidePath.MaxComponentLength) throw new PathTooLongException($"A path component is longer than {InsidePath.MaxComponentLength} characters.");
            resolved.Add(component);
            var current = InsidePath.FromComponents(resolved);
            CheckAllowed(current);
            if (pending.Count == 0 && !followLast) break;
            if (LinkLocation(current, ref missingPrivate) is not { } host || !HostFiles.IsSymbolicLink(host)) continue;
            if (++links > MaxLinks) throw new IOException($"Too many levels of symbolic links: '{path}'.");
            var target = HostFiles.LinkTarget(host) ?? "";
            resolved.RemoveAt(resolved.Count - 1);
            if (target.StartsWith('/')) resolved.Clear();
            missingPrivate = null; // the walk goes elsewhere: what was missing says nothing there
            foreach (var c in InsidePath.Components(target).Reverse()) pending.Push(c);
        }
        var result = InsidePath.FromComponents(resolved);
        CheckAllowed(result);
        RecordAuto(result);
        return result;
    }

    /// <summary>Off in tests that compare the component walk with the fast path.</summary>
    internal bool UseFastPath { get; set; } = true;

    /// <summary>
    /// The fast path: true when the component walk would find no link on the way to <paramref name="literal"/>,
    /// asked of the kernel in one walk per layer (<see cref="HostFiles.CheckNoLinks"/>) instead of a statx per
    /// component. Only for paths without '..' (after a link '..' means something else than lexically) under
    /// the root or a top-level mapping (one host directory per layer), and copy-on-write mappings without
    /// deletions. Anything else, or a link found, takes the walk.
    /// </summary>
    private bool NoLinksOnTheWay(string full, string literal, out string? missingPrivate)
    {
        missingPrivate = null;
        foreach (var c in InsidePath.Components(full))
            if (c == ".." || c.Length > InsidePath.MaxComponentLength) return false;
        if (literal == "/") return true;
        var mount = MountOf(literal);
        if (mount.Inside != "/" && mount.Inside.IndexOf('/', 1) >= 0) return false;
        var rel = InsidePath.RelativeTo(literal, mount.Inside);
        switch (mount.Mode)
        {
            case PathMode.ReadOnly or PathMode.Merged:
                // The walk trusts the mapping's own host directory and checks below it; the kernel checks it too (stricter).
                return rel.Length == 0 || NoLinks(InsidePath.Under(mount.Outside!, rel));
            case PathMode.CopyOnWrite when mount.Outside is not null:
                if (!_whiteouts.IsEmpty) return false;
                switch (HostFiles.CheckNoLinks(Private(literal)))
                {
                    case HostFiles.LinkCheck.Exists:
                        return true;
                    case HostFiles.LinkCheck.Missing:
                        // No private copy (a component of it is missing): below that the walk reads the host side.
                        missingPrivate = literal;
                        return rel.Length == 0 || NoLinks(InsidePath.Under(mount.Outside, rel));
                    default:
                        return false;
                }
            default:
                return NoLinks(Private(literal));
        }
    }

    private static bool NoLinks(string hostPath) => HostFiles.CheckNoLinks(hostPath) != HostFiles.LinkCheck.Unknown;

    /// <summary>The host path for an already resolved inside path, preparing copy-on-write and private files for <paramref name="access"/>.</summary>
    private string Place(string inside, PathAccess access, string? missingPrivate)
    {
        var mount = MountOf(inside);
        var rel = InsidePath.RelativeTo(inside, mount.Inside);
        bool writes = access is PathAccess.Write or PathAccess.Create or PathAccess.Delete;
        switch (mount.Mode)
        {
            case PathMode.ReadOnly:
                if (writes) throw Denied(inside);
                return InsidePath.Under(mount.Outside!, rel);
            case PathMode.Merged:
                return InsidePath.Under(mount.Outside!, rel);
            case PathMode.CopyOnWrite when mount.Outside is not null:
                return PlaceCopyOnWrite(mount, inside, InsidePath.Under(mount.Outside, rel), access, missingPrivate is not null && InsidePath.IsUnder(inside, missingPrivate));
            default:
                var host = Private(inside);
                if (access is PathAccess.Write or PathAccess.Create) BreakHardLink(host);
                return host;
        }
    }

    private string PlaceCopyOnWrite(Mount mount, string inside, string lower, PathAccess access, bool upperMissing)
    {
        var upper = Private(inside);
        bool upperExists = !upperMissing && HostFiles.Exists(upper);
        bool lowerExists = !upperExists && !_whiteouts.HidesLower(inside, mount.Inside) && HostFiles.Exists(lower);
        switch (access)
        {
            case PathAccess.Read or PathAccess.List:
                return upperExists ? upper : lowerExists ? lower : upper;
            case PathAccess.Write or PathAccess.Create:
                if (upperExists)
                {
                    BreakHardLink(upper);
                    return upper;
                }
                if (lowerExists)
                {
                    CopyUp(mount, inside, lower, upper);
                    return upper;
                }
                // Made anew (perhaps after a deletion): the host side below it stays hidden.
                if (_whiteouts.Get(inside) is not null) _whiteouts.Set(inside, WhiteoutKind.Opaque);
                EnsureUpperParent(mount, inside);
                return upper;
            default: // Delete
                if (lowerExists)
                {
                    // The host entry stays; the whiteout hides it. The app's call then acts on a private copy:
                    // "delete" deletes the copy, "move away" moves it (with its content) to where the app said.
                    EnsureUpperParent(mount, inside);
                    if (Directory.Exists(lower) && !HostFiles.IsSymbolicLink(lower)) Storage.DirectoryCopier.Copy(lower, upper);
                    else CopyUp(mount, inside, lower, upper);
                    _whiteouts.Set(inside, WhiteoutKind.Whiteout);
                }
                return upper;
        }
    }

    /// <summary>Copy a host file (or make a host directory) into root/, so writes change only the copy.</summary>
    private void CopyUp(Mount mount, string inside, string lower, string upper)
    {
        EnsureUpperParent(mount, inside);
        if (Directory.Exists(lower))
        {
            Directory.CreateDirectory(upper);
            return;
        }
        var temp = upper + ".ferry-copy-" + Guid.NewGuid().ToString("N")[..8];
        // A link is copied as a link (File.Copy would copy what the HOST finds at its target).
        if (HostFiles.IsSymbolicLink(lower)) File.CreateSymbolicLink(temp, HostFiles.LinkTarget(lower) ?? "");
        else File.Copy(lower, temp);
        try
        {
            File.Move(temp, upper, overwrite: false);
        }
        catch (IOException) when (HostFiles.Exists(upper))
        {
            // Another thread copied it up first: its copy counts.
            File.Delete(temp);
        }
    }

    /// <summary>Make the parent of a copy-on-write path in root/ when it exists on the visible host side.</summary>
    private void EnsureUpperParent(Mount mount, string inside)
    {
        if (inside == mount.Inside) return;
        var parent = InsidePath.Parent(inside);
        var upperParent = Private(parent);
        if (Directory.Exists(upperParent)) return;
        var lowerParent = InsidePath.Under(mount.Outside!, InsidePath.RelativeTo(parent, mount.Inside));
        if (!_whiteouts.HidesLower(parent, mount.Inside) && Directory.Exists(lowerParent)) Directory.CreateDirectory(upperParent);
    }

    /// <summary>
    /// A regular file in root/ with other hard links may share its inode with a host file (a hard link made
    /// inside): before it is written it becomes a file of its own (copied, renamed over the link).
    /// </summary>
    private static void BreakHardLink(string host)
    {
        if (HostFiles.LinkCount(host) <= 1) return;
        var temp = host + ".ferry-unlink-" + Guid.NewGuid().ToString("N")[..8];
        File.Copy(host, temp);
        File.Move(temp, host, overwrite: true);
    }

    /// <summary>Where to look for a link at an inside path during the walk; null when the path is a mount's own host directory (configured, trusted).</summary>
    private string? LinkLocation(string inside, ref string? missingPrivate)
    {
        var mount = MountOf(inside);
        var rel = InsidePath.RelativeTo(inside, mount.Inside);
        switch (mount.Mode)
        {
            case PathMode.ReadOnly or PathMode.Merged:
                return rel.Length == 0 ? null : InsidePath.Under(mount.Outside!, rel);
            case PathMode.CopyOnWrite when mount.Outside is not null:
                if (missingPrivate is null || !InsidePath.IsUnder(inside, missingPrivate))
                {
                    var upper = Private(inside);
                    if (HostFiles.Exists(upper)) return upper;
                    missingPrivate = inside;
                }
                if (rel.Length == 0 || _whiteouts.HidesLower(inside, mount.Inside)) return null;
                return InsidePath.Under(mount.Outside, rel);
            default:
                return Private(inside);
        }
    }

    /// <summary>The host directories whose entries make up an inside directory, upper (private) first.</summary>
    internal IReadOnlyList<(string Host, bool IsLower)> Layers(string inside)
    {
        var mount = MountOf(inside);
        var rel = InsidePath.RelativeTo(inside, mount.Inside);
        return mount.Mode switch
        {
            PathMode.ReadOnly or PathMode.Merged => [(InsidePath.Under(mount.Outside!, rel), false)],
            PathMode.CopyOnWrite when mount.Outside is not null =>
                _whiteouts.HidesLower(inside, mount.Inside)
                    ? [(Private(inside), false)]
                    : _whiteouts.Get(inside) == WhiteoutKind.Opaque
                        ? [(Private(inside), false)]
                        : [(Private(inside), false), (InsidePath.Under(mount.Outside, rel), true)],
            _ => [(Private(inside), false)],
        };
    }

    /// <summary>True when a copy-on-write entry's host side is hidden by a deletion.</summary>
    internal bool HidesLower(string inside) => MountOf(inside) is { Mode: PathMode.CopyOnWrite, Outside: not null } m && _whiteouts.HidesLower(inside, m.Inside);

    /// <summary>The inside paths of mappings directly below <paramref name="inside"/> (their mount points show in its listing).</summary>
    internal IEnumerable<string> MountsBelow(string inside) =>
        _mounts.Where(m => m.Inside != "/" && InsidePath.Parent(m.Inside) == inside).Select(m => InsidePath.Name(m.Inside));

    /// <summary>The inside path of a host path Ferry handed out, or null when it is not under any mapping.</summary>
    public string? ToInside(string hostPath)
    {
        var host = Path.GetFullPath(hostPath);
        if (host.Length > 1) host = host.TrimEnd('/');
        if (InsidePath.IsUnder(host, _root)) return host == _root ? "/" : host[_root.Length..];
        Mount? best = null;
        foreach (var m in _mounts)
        {
            if (!m.HasHostSide || !InsidePath.IsUnder(host, m.Outside!)) continue;
            if (best is null || m.Outside!.Length > best.Outside!.Length) best = m;
        }
        if (best is null) return null;
        var rel = InsidePath.RelativeTo(host, best.Outside!);
        return rel.Length == 0 ? best.Inside : InsidePath.Combine(best.Inside, rel);
    }

    /// <summary>Refuse /proc escapes and denied paths (UnauthorizedAccessException).</summary>
    public void CheckAllowed(string inside)
    {
        if (ProcPaths.IsEscape(inside)) throw Denied(inside);
        foreach (var denied in _denied)
            if (InsidePath.IsUnder(inside, denied)) throw Denied(inside);
    }

    private Mount MountOf(string inside)
    {
        foreach (var m in _mounts)
            if (InsidePath.IsUnder(inside, m.Inside)) return m;
        return _mounts[^1];
    }

    private string Private(string inside) => inside == "/" ? _root : _root + inside;

    private void RecordAuto(string inside)
    {
        if (_recordAuto is null || inside == "/" || MountOf(inside).Inside != "/") return;
        var slash = inside.IndexOf('/', 1);
        var top = slash < 0 ? inside : inside[..slash];
        if (_autoRecorded.TryAdd(top, true)) _recordAuto(top);
    }

    internal static UnauthorizedAccessException Denied(string inside) => new($"Access to the path '{inside}' is denied.");
}
