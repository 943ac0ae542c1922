using Ferry.Node.Cluster;

namespace Ferry.Node.Hosting;

/// <summary>How a node starts: its name, home, the TCP address peers reach it at, and whom it joins.</summary>
public sealed record NodeOptions(string Name, string Home, NodeAddress Listen, JoinTarget? Join)
{
    public const int DefaultPort = 7701;

    public NodePaths Paths => new(Home);
}
