using System.Globalization;
using System.Net;

namespace Ferry.Node.Cluster;

/// <summary>A node's TCP address, <c>HOST:PORT</c> (an IPv6 host in brackets).</summary>
public sealed record NodeAddress(string Host, int Port)
{
    public static NodeAddress Parse(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
            throw new FormatException($"'{text}' is not HOST:PORT");
        var host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new FormatException($"'{text}': the port must be a number from 1 to 65535");
        if (host.Length == 0) throw new FormatException($"'{text}' has no host");
        return new NodeAddress(host, port);
    }

    public IPEndPoint ToEndPoint()
    {
        if (IPAddress.TryParse(Host, out var ip)) return new IPEndPoint(ip, Port);
        if (Host == "localhost") return new IPEndPoint(IPAddress.Loopback, Port);
        var resolved = Dns.GetHostAddresses(Host).FirstOrDefault()
            ?? throw new FormatException($"'{Host}' does not resolve to an address");
        return new IPEndPoint(resolved, Port);
    }

    public Uri ToUri() => new($"http://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}");

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
