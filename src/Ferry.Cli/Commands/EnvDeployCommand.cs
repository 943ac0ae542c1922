using System.CommandLine;
using Ferry.Cli.Nodes;
using Ferry.Environments.Definition;
using Ferry.Node.Api;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry env deploy NAME --to NODE</c>: deliver an environment to another node without running anything — its
/// database and private files (an export, as a move sends it) and every host directory it maps (the app's among
/// them), each as a content-addressed bundle the node maps in their place. Then <c>ferry run --env NAME --node
/// NODE</c> runs there. An environment of that name there is replaced, unless an instance runs in it.
/// </summary>
internal static class EnvDeployCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The environment." };
        var to = new Option<string>("--to") { Required = true, Description = "The node to deliver it to (see ferry node ls)." };
        var command = new Command("deploy", "Deliver an environment (with the host directories it maps) to another node.") { name, to };
        command.SetAction(parse =>
        {
            var envName = parse.GetValue(name)!;
            var what = $"env deploy {envName}";
            var definition = context.WithEnvironments(what, store => store.Read(envName));
            using var node = ClusterNodes.Connect(context, parse.GetValue(to)!, what);
            var request = new DeployEnvironmentRequest { Name = envName };
            foreach (var outside in definition.PathMappings.Where(m => m.Mode != PathMode.Private).Select(m => m.Outside).OfType<string>().Distinct().Where(Directory.Exists))
                request.Directories.Add(new MappedDirectory { SourcePath = outside, Bundle = RemoteLaunch.Send(node, outside, what) });
            var export = Directory.CreateTempSubdirectory("ferry-env-deploy-");
            try
            {
                var exported = Path.Combine(export.FullName, "env");
                context.WithEnvironments(what, store =>
                {
                    store.Export(envName, exported);
                    return 0;
                });
                request.EnvironmentBundle = RemoteLaunch.Send(node, exported, what);
            }
            finally
            {
                export.Delete(recursive: true);
            }
            node.Call(what, c => c.DeployEnvironment(request));
            Console.WriteLine($"deployed {envName} to {node.Name}");
            return 0;
        });
        return command;
    }
}
