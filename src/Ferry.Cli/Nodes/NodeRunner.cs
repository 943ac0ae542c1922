using Ferry.Abstractions.Processes;
using Ferry.Node.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Nodes;

/// <summary>Runs a node in this process until it is asked to stop (Ctrl-C, SIGTERM, <c>ferry node stop</c>).</summary>
internal static class NodeRunner
{
    public static async Task<int> RunAsync(NodeOptions options, bool daemon, CancellationToken cancel)
    {
        if (daemon)
        {
            Directory.CreateDirectory(options.Paths.Dir);
            SessionDetacher.Detach(options.Paths.Log);
        }
        NodeServer server;
        try
        {
            server = await NodeServer.StartAsync(options, logging => logging
                .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
                .SetMinimumLevel(LogLevel.Information)
                // Per-request lines would drown what the node itself says.
                .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
                .AddFilter("Microsoft.Hosting", LogLevel.Warning), cancel);
        }
        catch (NodeStartException e)
        {
            // In the background this line lands in node.log, where the starting CLI reads it.
            throw new CliException("node start", e.Message);
        }
        await using (server)
        {
            if (!daemon) Console.Error.WriteLine($"node {options.Name} listening on {options.Listen} (home {options.Home}); Ctrl-C stops it");
            try
            {
                await server.WaitForShutdownAsync(cancel);
            }
            catch (OperationCanceledException)
            {
            }
        }
        return 0;
    }
}
