namespace Ferry.Node.State;

/// <summary>A cluster member as a node last heard of it.</summary>
public sealed record NodeMember(string Name, string Address, string Version, long StartedUnixMs, long LastSeenUnixMs);
