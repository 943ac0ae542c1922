using System.Text.Json;

namespace Ferry.Cli.Tests;

/// <summary>ferry env create/copy/ls/show/rm and run --env, through the real CLI with real hosts.</summary>
public sealed class EnvTests : IDisposable
{
    private readonly FerryCli _ferry = new();
    private readonly string _host = Directory.CreateTempSubdirectory("ferry-env-host").FullName;

    public EnvTests()
    {
        File.WriteAllText(Path.Combine(_host, "x.txt"), "host");
    }

    public void Dispose()
    {
        _ferry.Dispose();
        Directory.Delete(_host, recursive: true);
    }

    private string EnvsDir => _ferry.Home.EnvironmentsDir;

    private IReadOnlyList<string> EnvNames() =>
        Directory.Exists(EnvsDir) ? Directory.GetDirectories(EnvsDir).Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToList() : [];

    private JsonElement Show(string name)
    {
        using var doc = JsonDocument.Parse(_ferry.Ok("env", "show", name, "--json"));
        return doc.RootElement.Clone();
    }

    private void AssertOneLineFailure(string expected, params string[] args)
    {
        var before = EnvNames();
        var result = _ferry.Run(args);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(expected + "\n", result.Stderr);
        Assert.Equal(before, EnvNames());
    }

    [Fact]
    public void Create_show_ls_copy_rm()
    {
        Assert.Equal("web\n", _ferry.Ok("env", "create", "web", "--map", $"/data={_host}:ro", "--map", "/cache", "--map", $"/cow={_host}",
            "--except", "/usr", "--env", "GREETING=hi", "--env", "LANG", "--publish", "18080:80", "--hostname", "box",
            "--deny-network", "--deny-path", "/secret", "--deny-process-start", "--memory", "256m", "--cpus", "0.5", "--file-size", "10m"));
        var web = Show("web");
        Assert.Equal("box", web.GetProperty("hostname").GetString());
        Assert.Equal("/app", web.GetProperty("cwd").GetString());
        var mappings = web.GetProperty("mappings").EnumerateArray().Select(m => (
            m.GetProperty("kind").GetString(), m.GetProperty("inside").GetString(),
            m.TryGetProperty("outside", out var o) ? o.GetString() : null, m.TryGetProperty("mode", out var mode) ? mode.GetString() : null)).ToList();
        Assert.Contains(("path", "/data", _host, "read-only"), mappings);
        Assert.Contains(("path", "/cache", null, "private"), mappings);
        Assert.Contains(("path", "/cow", _host, "copy-on-write"), mappings);
        Assert.Contains(("variable", "GREETING", "hi", null), mappings);
        Assert.Contains(("port", "80", "18080", null), mappings);
        Assert.Equal(2, web.GetProperty("exceptions").GetArrayLength());
        var policies = web.GetProperty("policies");
        Assert.True(policies.GetProperty("denyNetwork").GetBoolean());
        Assert.True(policies.GetProperty("denyProcessStart").GetBoolean());
        Assert.Equal("/secret", policies.GetProperty("denyPaths")[0].GetString());
        var limits = web.GetProperty("limits");
        Assert.Equal(256L << 20, limits.GetProperty("memoryBytes").GetInt64());
        Assert.Equal(0.5, limits.GetProperty("cpus").GetDouble());
        Assert.Equal(10L << 20, limits.GetProperty("fileSizeBytes").GetInt64());
        Assert.Contains("deny-network", _ferry.Ok("env", "show", "web"));

        Assert.Equal("copy\n", _ferry.Ok("env", "copy", "web", "copy"));
        Assert.Equal(web.GetProperty("mappings").GetArrayLength(), Show("copy").GetProperty("mappings").GetArrayLength());
        using (var ls = JsonDocument.Parse(_ferry.Ok("env", "ls", "--json")))
            Assert.Equal(["copy", "web"], ls.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Contains("18080:80", _ferry.Ok("env", "ls"));

        Assert.Equal("web\n", _ferry.Ok("env", "rm", "web"));
        Assert.Equal(["copy"], EnvNames());
    }

    [Fact]
    public void Bad_input_is_one_line_and_creates_nothing()
    {
        _ferry.Ok("env", "create", "taken");
        AssertOneLineFailure("ferry: env create taken: an environment named \"taken\" already exists", "env", "create", "taken");
        AssertOneLineFailure("ferry: env create a: --map data=/tmp: the inside path \"data\" is not absolute", "env", "create", "a", "--map", "data=/tmp");
        AssertOneLineFailure("ferry: env create a: --map /d=/tmp:sideways: unknown mode \"sideways\" (private, copy-on-write, read-only, merged)", "env", "create", "a", "--map", "/d=/tmp:sideways");
        AssertOneLineFailure("ferry: env create a: --map /d=/no/such/ferry/dir: the host path /no/such/ferry/dir does not exist", "env", "create", "a", "--map", "/d=/no/such/ferry/dir");
        AssertOneLineFailure("ferry: env create a: host port 8080 is published twice (app ports 80, 81)", "env", "create", "a", "--publish", "8080:80", "--publish", "8080:81");
        AssertOneLineFailure("ferry: env create a: --publish 80: expected HOSTPORT:APPPORT", "env", "create", "a", "--publish", "80");
        AssertOneLineFailure("ferry: env create a: --memory lots: not a size (e.g. 256m, 1g, 4096)", "env", "create", "a", "--memory", "lots");
        AssertOneLineFailure("ferry: env create a: --app /no/such/app: no such directory", "env", "create", "a", "--app", "/no/such/app");
        AssertOneLineFailure("ferry: env create no/way: invalid environment name \"no/way\": a name starts with a letter or digit and holds only letters, digits, '_', '.' and '-'", "env", "create", "no/way");
        AssertOneLineFailure("ferry: env show nope: no environment named \"nope\"", "env", "show", "nope");
        AssertOneLineFailure("ferry: env rm nope: no environment named \"nope\"", "env", "rm", "nope");
        AssertOneLineFailure("ferry: env copy nope x: no environment named \"nope\"", "env", "copy", "nope", "x");
        AssertOneLineFailure("ferry: env copy taken taken: an environment named \"taken\" already exists", "env", "copy", "taken", "taken");
        AssertOneLineFailure($"ferry: run {FerryCli.Hello}: no environment named \"nope\"", "run", "--env", "nope", FerryCli.Hello);
        Assert.Empty(_ferry.InstanceDirs());
        Assert.Equal(["taken"], EnvNames());
    }

    [Fact]
    public void Run_without_env_gets_a_private_environment_that_rm_removes()
    {
        var result = _ferry.Run("run", "--name", "h", FerryCli.Hello, "Ann", "0");
        Assert.Equal(0, result.ExitCode);
        var instance = _ferry.Store.Resolve("h");
        Assert.Equal("inst-" + instance.Id, instance.EnvironmentName);
        var env = Show(instance.EnvironmentName!);
        Assert.True(env.GetProperty("ephemeral").GetBoolean());
        Assert.Contains(env.GetProperty("mappings").EnumerateArray(), m =>
            m.GetProperty("inside").GetString() == "/app" && m.GetProperty("mode").GetString() == "copy-on-write"
            && m.GetProperty("outside").GetString() == Path.GetDirectoryName(FerryCli.Hello));
        _ferry.Ok("rm", "h");
        Assert.Empty(EnvNames());
    }

    [Fact]
    public void Run_in_a_named_environment_records_it_and_rm_keeps_it()
    {
        _ferry.Ok("env", "create", "mine");
        Assert.Equal(0, _ferry.Run("run", "--env", "mine", "--name", "h", FerryCli.Hello, "Ann", "0").ExitCode);
        Assert.Equal("mine", _ferry.Store.Resolve("h").EnvironmentName);
        Assert.Equal("mine", _ferry.PsRow(_ferry.Store.Resolve("h").Id).GetProperty("environment").GetString());
        Assert.Contains("environment mine", File.ReadAllText(_ferry.Home.Instance(_ferry.Store.Resolve("h").Id).HostLog));
        _ferry.Ok("rm", "h");
        Assert.Equal(["mine"], EnvNames());
    }

    [Fact]
    public void Env_rm_refuses_while_an_instance_runs_in_it()
    {
        _ferry.Ok("env", "create", "busy");
        var id = _ferry.StartDetached("--env", "busy", FerryCli.Counter);
        AssertOneLineFailure($"ferry: env rm busy: instance {id} runs in it; stop it with ferry kill first", "env", "rm", "busy");
        Assert.Contains(id, Show("busy").GetProperty("runningInstances").EnumerateArray().Select(e => e.GetString()));
        _ferry.Ok("kill", id);
        Assert.Equal("busy\n", _ferry.Ok("env", "rm", "busy"));
    }

    [Fact]
    public void A_copy_publishing_the_same_host_port_cannot_run_beside_its_source()
    {
        _ferry.Ok("env", "create", "a", "--publish", "18555:80");
        _ferry.Ok("env", "copy", "a", "b");
        _ferry.Ok("env", "create", "c", "--publish", "18556:80");
        var id = _ferry.StartDetached("--env", "a", FerryCli.Counter);
        var result = _ferry.Run("run", "--detach", "--env", "b", FerryCli.Counter);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"ferry: run {FerryCli.Counter}: host port 18555 is already published by running instance {id} (environment \"a\"); stop it or publish another port\n", result.Stderr);
        Assert.Single(_ferry.InstanceDirs());
        // The same app port published on another host port is fine.
        _ferry.StartDetached("--env", "c", FerryCli.Counter);
    }

    [Fact]
    public void Restore_into_a_copied_environment_records_it()
    {
        _ferry.Ok("env", "create", "first");
        // 40 counts (8 s): the checkpoint must find it running even when a loaded machine is slow to ask.
        var id = _ferry.StartDetached("--env", "first", FerryCli.Counter, "40");
        _ferry.WaitForOutput(id, "count 2\n");
        var image = Path.Combine(_host, "c.ferry");
        _ferry.Ok("checkpoint", id, "-o", image);
        _ferry.Ok("env", "copy", "first", "second");
        var restored = _ferry.Run("restore", "--env", "second", "--name", "r", image);
        Assert.Equal(0, restored.ExitCode);
        Assert.EndsWith("counted to 40\n", restored.Stdout);
        var instance = _ferry.Store.Resolve("r");
        Assert.Equal("second", instance.EnvironmentName);
        Assert.Contains("environment second", File.ReadAllText(_ferry.Home.Instance(instance.Id).HostLog));
        AssertOneLineFailure($"ferry: restore {image}: no environment named \"third\"", "restore", "--env", "third", image);
    }
}
