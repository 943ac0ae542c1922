namespace Ferry.Node.Hosting;

/// <summary>
/// Where a node keeps its own state, under its home (<c>$FERRY_HOME</c> or <c>--home</c>):
/// <c>node/node.db</c> (members, ownership), <c>node/api.sock</c> (the local API),
/// <c>node/cluster.json</c> (cluster id and token, readable by root only), <c>node/node.log</c>.
/// </summary>
public sealed class NodePaths
{
    public NodePaths(string home) => Dir = Path.Combine(Path.GetFullPath(home), "node");

    public string Dir { get; }
    public string Database => Path.Combine(Dir, "node.db");
    public string ApiSocket => Path.Combine(Dir, "api.sock");
    public string Credentials => Path.Combine(Dir, "cluster.json");
    public string Log => Path.Combine(Dir, "node.log");
}
