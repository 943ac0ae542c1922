using System.Collections;
using System.ComponentModel;
using System.Net;
using System.Net.Sockets;
using Ferry.Runtime.Interception;

namespace Ferry.Runtime.Tests.Interception;

public sealed class EnvironmentShimsTests : IDisposable
{
    private readonly ViewScope _scope = new();

    public void Dispose() => _scope.Dispose();

    [Fact]
    public void VariablesAreTheViewsAndNeverTheHostProcesss()
    {
        var hostName = "FERRY_SHIM_TEST_" + Guid.NewGuid().ToString("N");
        EnvironmentShims.SetEnvironmentVariable(hostName, "inside");
        Assert.Equal("inside", EnvironmentShims.GetEnvironmentVariable(hostName));
        Assert.Null(Environment.GetEnvironmentVariable(hostName));
        Assert.Null(EnvironmentShims.GetEnvironmentVariable("PATH"));
        Assert.Equal("inside", (string?)EnvironmentShims.GetEnvironmentVariables()[hostName]);
        Assert.Single(EnvironmentShims.GetEnvironmentVariables().Cast<DictionaryEntry>());
        EnvironmentShims.SetEnvironmentVariable(hostName, "");
        Assert.Null(EnvironmentShims.GetEnvironmentVariable(hostName));
        Assert.Throws<ArgumentException>(() => EnvironmentShims.SetEnvironmentVariable("A=B", "x"));
    }

    [Fact]
    public void ExpandUsesTheViewsVariablesAndKeepsUnknownOnes()
    {
        EnvironmentShims.SetEnvironmentVariable("HOME", "/home/app");
        Assert.Equal("/home/app/x %NOPE% 100%", EnvironmentShims.ExpandEnvironmentVariables("%HOME%/x %NOPE% 100%"));
        Assert.Equal("%/home/app", EnvironmentShims.ExpandEnvironmentVariables("%%HOME%"));
    }

    [Fact]
    public void NamesAndIdsComeFromTheView()
    {
        Assert.Equal("inside-host", EnvironmentShims.MachineName());
        Assert.Equal("inside-host", NetworkShims.GetHostName());
        Assert.Equal("app", EnvironmentShims.UserName());
        Assert.Equal(4242, EnvironmentShims.ProcessId());
        Assert.Equal("/", EnvironmentShims.GetCurrentDirectory());
    }

    [Fact]
    public void DeniedNetworkIsASocketException()
    {
        _scope.View.DenyNetwork = true;
        Assert.Throws<SocketException>(() => NetworkShims.NewTcpListener(IPAddress.Loopback, 0));
        Assert.Throws<SocketException>(() => NetworkShims.NewTcpClient("127.0.0.1", 9));
        Assert.Throws<SocketException>(() => NetworkShims.NewUdpClient(0));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.Throws<SocketException>(() => NetworkShims.Bind(socket, new IPEndPoint(IPAddress.Loopback, 0)));
        Assert.Throws<SocketException>(() => NetworkShims.Connect(socket, IPAddress.Loopback, 9));
    }

    [Fact]
    public void PublishedPortIsBoundOnTheHostSideAndLoopbackConnectsFindIt()
    {
        // A free host port to publish the app's port on.
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var hostPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        const int appPort = 7;
        _scope.View.Publish(appPort, hostPort);

        var listener = NetworkShims.NewTcpListener(IPAddress.Loopback, appPort);
        NetworkShims.Start(listener);
        try
        {
            Assert.Equal(hostPort, ((IPEndPoint)listener.LocalEndpoint).Port);
            Assert.Equal(appPort, ((IPEndPoint)NetworkShims.LocalEndpoint(listener)).Port);
            using var client = NetworkShims.NewTcpClient("127.0.0.1", appPort);
            using var accepted = NetworkShims.AcceptTcpClient(listener);
            client.GetStream().WriteByte(42);
            Assert.Equal(42, accepted.GetStream().ReadByte());
        }
        finally
        {
            NetworkShims.Stop(listener);
        }
    }

    [Fact]
    public void DeniedProcessStartIsAWin32Exception()
    {
        _scope.View.DenyProcessStart = true;
        Assert.Throws<Win32Exception>(() => ProcessShims.Start("/bin/true"));
    }
}
