using System.CommandLine;

namespace Ferry.Cli.Nodes;

/// <summary>The one <c>--node NAME</c> option of the instance and environment commands: address another node of the cluster.</summary>
internal static class NodeOption
{
    public static Option<string?> Create() => new("--node") { Description = "Do it on this node of the cluster (see ferry node ls); default: this host, in-process." };
}
