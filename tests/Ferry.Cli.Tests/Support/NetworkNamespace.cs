using System.Diagnostics;

namespace Ferry.Tests.Support;

/// <summary>
/// A network namespace made for one test — "another host" with its own address — joined to the test's
/// namespace by a veth pair on a private /24: this side is <see cref="HostAddress"/>, the namespace's side
/// <see cref="Address"/>. Disposing deletes both. Needs root and iproute2 (<c>ip</c>).
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private readonly string _hostLink;

    private NetworkNamespace(string name, string hostLink, string hostAddress, string address)
    {
        Name = name;
        _hostLink = hostLink;
        HostAddress = hostAddress;
        Address = address;
    }

    public string Name { get; }
    public string HostAddress { get; }
    public string Address { get; }

    /// <summary>The launcher that runs a command inside: <c>ip netns exec NAME</c>.</summary>
    public IReadOnlyList<string> Launcher => ["ip", "netns", "exec", Name];

    /// <summary>Why namespaces cannot be made here, or null when they can.</summary>
    public static string? Unavailable()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces are Linux only";
        if (Environment.UserName != "root") return "making network namespaces needs root";
        if (!File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip")) return "iproute2 (ip) is not installed";
        return null;
    }

    public static NetworkNamespace Create()
    {
        var tag = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..3]);
        // A /24 unlikely to be in use: 10.(200..249).(0..255).0 chosen from the tag.
        var bytes = Convert.FromHexString(tag);
        var net = $"10.{200 + bytes[0] % 50}.{bytes[1]}";
        var ns = new NetworkNamespace($"ferry-{tag}", $"fy{tag}h", $"{net}.1", $"{net}.2");
        var inner = $"fy{tag}n";
        try
        {
            Ip("netns", "add", ns.Name);
            Ip("link", "add", ns._hostLink, "type", "veth", "peer", "name", inner);
            Ip("link", "set", inner, "netns", ns.Name);
            Ip("addr", "add", $"{ns.HostAddress}/24", "dev", ns._hostLink);
            Ip("link", "set", ns._hostLink, "up");
            Ip("netns", "exec", ns.Name, "ip", "addr", "add", $"{ns.Address}/24", "dev", inner);
            Ip("netns", "exec", ns.Name, "ip", "link", "set", inner, "up");
            Ip("netns", "exec", ns.Name, "ip", "link", "set", "lo", "up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Cut the link to the namespace (this side of the veth down): packets are lost, no connection is told.</summary>
    public void Cut() => Ip("link", "set", _hostLink, "down");

    /// <summary>Mend the link <see cref="Cut"/> cut: connections that outlived the cut flow again.</summary>
    public void Mend() => Ip("link", "set", _hostLink, "up");

    public void Dispose()
    {
        // Deleting one end of a veth pair deletes both; the namespace goes with its last process.
        TryIp("link", "del", _hostLink);
        TryIp("netns", "del", Name);
    }

    private static void Ip(params string[] args)
    {
        var (code, error) = RunIp(args);
        if (code != 0) throw new InvalidOperationException($"ip {string.Join(' ', args)}: {error.Trim()}");
    }

    private static void TryIp(params string[] args) => RunIp(args);

    private static (int Code, string Error) RunIp(string[] args)
    {
        var start = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
