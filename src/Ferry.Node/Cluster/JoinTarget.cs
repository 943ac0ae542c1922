namespace Ferry.Node.Cluster;

/// <summary>
/// What <c>--join</c> takes: <c>TOKEN@HOST:PORT</c> — the cluster token the first node printed, and the
/// address of any member. (A bare <c>HOST:PORT</c> is accepted when the token comes from elsewhere.)
/// </summary>
public sealed record JoinTarget(string? Token, NodeAddress Member)
{
    public static JoinTarget Parse(string text)
    {
        var at = text.LastIndexOf('@');
        if (at < 0) return new JoinTarget(null, NodeAddress.Parse(text));
        var token = text[..at];
        if (!ClusterCredentials.IsWellFormedToken(token)) throw new FormatException("the token before '@' is not a Ferry cluster token");
        return new JoinTarget(token, NodeAddress.Parse(text[(at + 1)..]));
    }
}
