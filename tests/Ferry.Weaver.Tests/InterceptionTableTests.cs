using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Ferry.Runtime.Interception;
using Ferry.Runtime.Tests.Interception;
using Ferry.Weaver.Instrumentation;
using Ferry.Weaver.Interception;

namespace Ferry.Weaver.Tests;

[Collection("runtime")]
public sealed class InterceptionTableTests : IClassFixture<SampleApp>
{
    private readonly SampleApp _app;

    public InterceptionTableTests(SampleApp app) => _app = app;

    private static readonly Assembly[] s_framework =
    [
        typeof(object).Assembly, typeof(File).Assembly, typeof(Socket).Assembly, typeof(TcpListener).Assembly,
        typeof(Dns).Assembly, typeof(Process).Assembly, typeof(Timer).Assembly, typeof(Stopwatch).Assembly,
        typeof(Console).Assembly,
    ];

    /// <summary>How the table spells a parameter type (as Cecil names it at a call site).</summary>
    private static string Key(Type t)
    {
        if (t.IsGenericParameter) return (t.DeclaringMethod is null ? "!" : "!!") + t.GenericParameterPosition;
        if (t.IsByRef) return Key(t.GetElementType()!) + "&";
        if (t.IsArray) return Key(t.GetElementType()!) + "[]";
        if (t.IsConstructedGenericType) return t.GetGenericTypeDefinition().FullName + "<" + string.Join(",", t.GetGenericArguments().Select(Key)) + ">";
        return t.FullName!.Replace('+', '/'); // nested types as Cecil names them
    }

    [Fact]
    public void EveryRowNamesARealFrameworkMethodAndAShimWithTheRightSignature()
    {
        using var runtime = new RuntimeModule(RuntimeModule.DefaultPath);
        var problems = new List<string>();
        foreach (var rule in InterceptionTable.Rules)
        {
            var type = s_framework.Select(a => a.GetType(rule.DeclaringType)).FirstOrDefault(t => t is not null);
            if (type is null)
            {
                problems.Add($"{rule.Key}: no framework type");
                continue;
            }
            var flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
            MethodBase? api = rule.Method == ".ctor"
                ? type.GetConstructors().FirstOrDefault(c => c.GetParameters().Select(p => Key(p.ParameterType)).SequenceEqual(rule.Parameters))
                : type.GetMethods(flags).FirstOrDefault(m => m.Name == rule.Method && m.GetParameters().Select(p => Key(p.ParameterType)).SequenceEqual(rule.Parameters));
            if (api is null)
            {
                problems.Add($"{rule.Key}: no such framework method");
                continue;
            }
            if (rule.Virtual && !api.IsVirtual) problems.Add($"{rule.Key}: marked virtual but is not");
            if (!rule.Virtual && api.IsVirtual && !api.IsFinal && !type.IsSealed) problems.Add($"{rule.Key}: virtual, must be marked so");
            var shimParameters = new List<string>();
            if (!api.IsStatic && !api.IsConstructor)
            {
                var self = type.IsGenericTypeDefinition
                    ? $"{type.FullName}<{string.Join(",", type.GetGenericArguments().Select((_, i) => $"!!{i}"))}>"
                    : type.FullName!;
                shimParameters.Add(type.IsValueType ? self + "&" : self);
            }
            shimParameters.AddRange(rule.Parameters);
            try
            {
                runtime.Method(rule.ShimType, rule.ShimMethod, shimParameters);
            }
            catch (WeavingException e)
            {
                problems.Add(e.Message);
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void WovenCallsGoThroughTheEnvironmentView()
    {
        var root = Path.Combine(_app.Directory, "view-" + Guid.NewGuid().ToString("N"));
        var view = new RerootedEnvironmentView(root);
        view.SetVariable("PROBE", "pv");
        var previous = EnvironmentViews.Current;
        EnvironmentViews.Current = view;
        string output;
        try
        {
            var assembly = SampleApp.LoadFresh(_app.Woven.EntryAssemblyPath);
            output = (string)assembly.GetType("WeaverSample.EnvironmentProbe")!.GetMethod("Run")!.Invoke(null, null)!;
        }
        finally
        {
            EnvironmentViews.Current = previous;
        }
        Assert.Equal("alpha|/probe/a.txt,/probe/b.txt,|/probe/a.txt|/probe|/probe/a.txt|5|pv|inside-host|/tmp/|/probe/c.bin|/probe/missing.txt|X", output);
        Assert.Equal("0\n1\n2\n", File.ReadAllText(Path.Combine(root, "probe/b.txt")));
        Assert.True(File.Exists(Path.Combine(root, "probe/c.bin")));
        Assert.False(Directory.Exists("/probe"));
    }

    [Fact]
    public void WovenAsyncFileCallsListingsAndFolderPathsGoThroughTheEnvironmentView()
    {
        var root = Path.Combine(_app.Directory, "view-" + Guid.NewGuid().ToString("N"));
        var view = new RerootedEnvironmentView(root);
        view.SetVariable("HOME", "/home/probe");
        var previous = EnvironmentViews.Current;
        EnvironmentViews.Current = view;
        string output;
        try
        {
            var assembly = SampleApp.LoadFresh(_app.Woven.EntryAssemblyPath);
            output = (string)assembly.GetType("WeaverSample.MoreEnvironmentProbe")!.GetMethod("Run")!.Invoke(null, null)!;
        }
        finally
        {
            EnvironmentViews.Current = previous;
        }
        Assert.Equal("async!|7|/probe2/a.txt|/probe2/.hidden,/probe2/a.txt|/probe2|/home/probe", output);
        Assert.Equal("async!\n", File.ReadAllText(Path.Combine(root, "probe2/a.txt")));
        Assert.False(Directory.Exists("/probe2"));
    }
}
