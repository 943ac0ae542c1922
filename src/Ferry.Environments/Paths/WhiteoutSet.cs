using System.Collections.Concurrent;
using Ferry.Environments.Storage;

namespace Ferry.Environments.Paths;

/// <summary>
/// The copy-on-write deletions of an environment (inside path → whiteout or opaque), kept in memory for the
/// resolver and written through to the database so they outlive the process. Thread-safe.
/// </summary>
public sealed class WhiteoutSet
{
    private readonly ConcurrentDictionary<string, WhiteoutKind> _entries;
    private readonly Action<string, WhiteoutKind>? _persist;

    public WhiteoutSet(IReadOnlyDictionary<string, WhiteoutKind>? initial = null, Action<string, WhiteoutKind>? persist = null)
    {
        _entries = new ConcurrentDictionary<string, WhiteoutKind>(initial ?? new Dictionary<string, WhiteoutKind>(), StringComparer.Ordinal);
        _persist = persist;
    }

    public bool IsEmpty => _entries.IsEmpty;

    public WhiteoutKind? Get(string inside) => _entries.TryGetValue(inside, out var kind) ? kind : null;

    public void Set(string inside, WhiteoutKind kind)
    {
        if (_entries.TryGetValue(inside, out var old) && old == kind) return;
        _entries[inside] = kind;
        _persist?.Invoke(inside, kind);
    }

    /// <summary>
    /// True when the host (lower) side of <paramref name="inside"/> is hidden in a copy-on-write mount at
    /// <paramref name="mountInside"/>: it, or a directory above it, was deleted; or a directory above it was
    /// deleted and made again (opaque).
    /// </summary>
    public bool HidesLower(string inside, string mountInside)
    {
        if (_entries.IsEmpty) return false;
        for (var q = inside; ; q = InsidePath.Parent(q))
        {
            if (_entries.TryGetValue(q, out var kind) && (kind == WhiteoutKind.Whiteout || q != inside)) return true;
            if (q == mountInside || q == "/") return false;
        }
    }
}
