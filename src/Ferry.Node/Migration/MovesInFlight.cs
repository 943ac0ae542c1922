using System.Collections.Concurrent;

namespace Ferry.Node.Migration;

/// <summary>The instances this node is moving right now: recovery leaves their held checkpoints to the move.</summary>
public sealed class MovesInFlight
{
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);

    /// <summary>Claim <paramref name="id"/> for a move; false when one is already under way.</summary>
    public bool TryBegin(string id) => _ids.TryAdd(id, 0);

    public void End(string id) => _ids.TryRemove(id, out _);

    public bool Contains(string id) => _ids.ContainsKey(id);
}
