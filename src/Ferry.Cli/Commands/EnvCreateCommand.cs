using System.CommandLine;
using Ferry.Environments;
using Ferry.Environments.Definition;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry env create NAME [--app DIR] [--map INSIDE[=OUTSIDE[:MODE]]]... [--except PATH]... [--env K[=V]]...
/// [--publish HOSTPORT:APPPORT]... [--hostname H] [--user U] [--workdir DIR] [--deny-network] [--deny-path P]...
/// [--deny-process-start] [--memory SIZE] [--cpus N] [--file-size SIZE]</c>. Everything is checked before
/// anything is made; the environment appears whole or not at all.
/// </summary>
internal static class EnvCreateCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = "The environment's name." };
        var app = new Option<string?>("--app") { Description = "A directory copied into the environment as /app." };
        var map = new Option<string[]>("--map") { Description = "INSIDE (private), INSIDE=OUTSIDE (copy-on-write) or INSIDE=OUTSIDE:MODE (private, copy-on-write, read-only, merged).", AllowMultipleArgumentsPerToken = false };
        var except = new Option<string[]>("--except") { Description = "A host path the app sees unmapped (read-write, same path)." };
        var env = new Option<string[]>("--env", "-e") { Description = "K=V sets a variable inside; K alone lets the host's K through." };
        var publish = new Option<string[]>("--publish", "-p") { Description = "HOSTPORT:APPPORT: the app's port bound on the host's." };
        var hostname = new Option<string?>("--hostname") { Description = "The machine name the app sees (default: the environment's name)." };
        var user = new Option<string?>("--user") { Description = $"The user name the app sees (default: {EnvironmentDefinition.DefaultUserName})." };
        var workdir = new Option<string?>("--workdir") { Description = $"The app's current directory inside (default: {EnvironmentDefinition.AppPath})." };
        var denyNetwork = new Option<bool>("--deny-network") { Description = "Every bind and connect fails (SocketException)." };
        var denyPath = new Option<string[]>("--deny-path") { Description = "An inside path the app may not touch (UnauthorizedAccessException)." };
        var denyProcess = new Option<bool>("--deny-process-start") { Description = "Process.Start fails (Win32Exception)." };
        var memory = new Option<string?>("--memory") { Description = "Memory limit, e.g. 256m." };
        var cpus = new Option<string?>("--cpus") { Description = "CPU limit, e.g. 0.5." };
        var fileSize = new Option<string?>("--file-size") { Description = "Largest file the app may write, e.g. 10m." };
        var command = new Command("create", "Create an isolated environment.")
        {
            name, app, map, except, env, publish, hostname, user, workdir, denyNetwork, denyPath, denyProcess, memory, cpus, fileSize,
        };
        command.SetAction(parse =>
        {
            var envName = parse.GetValue(name)!;
            var what = $"env create {envName}";
            EnvironmentSpec spec;
            try
            {
                var cwd = Directory.GetCurrentDirectory();
                var mappings = new List<Mapping>();
                var passThroughs = new List<PassThrough>();
                mappings.AddRange((parse.GetValue(map) ?? []).Select(m => SpecSyntax.ParseMap(m, cwd)));
                passThroughs.AddRange((parse.GetValue(except) ?? []).Select(SpecSyntax.ParseExcept));
                foreach (var e in parse.GetValue(env) ?? [])
                {
                    var (variable, hostVariable) = SpecSyntax.ParseEnv(e);
                    if (variable is not null) mappings.Add(variable);
                    if (hostVariable is not null) passThroughs.Add(hostVariable);
                }
                mappings.AddRange((parse.GetValue(publish) ?? []).Select(SpecSyntax.ParsePublish));
                if (parse.GetValue(hostname) is { } h) mappings.Add(Mapping.Of(MappingKind.Hostname, SpecSyntax.ParseHostname(h)));
                if (parse.GetValue(user) is { } u) mappings.Add(Mapping.Of(MappingKind.Username, SpecSyntax.ParseUserName(u)));
                if (parse.GetValue(workdir) is { } w) mappings.Add(Mapping.Of(MappingKind.Cwd, SpecSyntax.CheckInside(w, $"--workdir {w}")));
                spec = new EnvironmentSpec
                {
                    Name = envName,
                    AppDirectory = parse.GetValue(app) is { } a ? Path.GetFullPath(a) : null,
                    Mappings = mappings,
                    PassThroughs = passThroughs,
                    Policies = new Policies
                    {
                        DenyNetwork = parse.GetValue(denyNetwork),
                        DenyProcessStart = parse.GetValue(denyProcess),
                        DenyPaths = (parse.GetValue(denyPath) ?? []).Select(p => SpecSyntax.CheckInside(p, $"--deny-path {p}")).Distinct().ToList(),
                    },
                    Limits = new Limits
                    {
                        MemoryBytes = parse.GetValue(memory) is { } m ? SpecSyntax.ParseSize(m, "--memory") : null,
                        Cpus = parse.GetValue(cpus) is { } c ? SpecSyntax.ParseCpus(c) : null,
                        FileSizeBytes = parse.GetValue(fileSize) is { } f ? SpecSyntax.ParseSize(f, "--file-size") : null,
                    },
                };
            }
            catch (EnvironmentException e)
            {
                throw new CliException(what, e.Message);
            }
            context.WithEnvironments(what, store => store.Create(spec));
            Console.WriteLine(envName);
            return 0;
        });
        return command;
    }
}
