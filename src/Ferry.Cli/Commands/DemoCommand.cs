using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Output;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry demo</c>: the story on this machine, with the Counter sample: run it detached, checkpoint it
/// (it stops), restore the image in a new instance, and show that it counts on from where it was.
/// </summary>
internal static partial class DemoCommand
{
    public const string SamplesVariable = "FERRY_SAMPLES";
    private static readonly TimeSpan s_watch = TimeSpan.FromSeconds(1.5);

    public static Command Create(CliContext context)
    {
        var command = new Command("demo", "Run, checkpoint and restore a sample app, showing each step.");
        command.SetAction(_ => Run(context));
        return command;
    }

    /// <summary>Where the built samples are: $FERRY_SAMPLES, or samples/ beside the directory ferry runs from (as ./ferry builds them).</summary>
    public static string SamplesDir =>
        Environment.GetEnvironmentVariable(SamplesVariable) is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "samples"));

    private static int Run(CliContext context)
    {
        const string what = "demo";
        var counter = Path.Combine(SamplesDir, "Counter", "Counter.dll");
        if (!File.Exists(counter)) throw new CliException(what, $"the Counter sample is not built ({counter}); run ./ferry demo from the repository, or set {SamplesVariable}");
        var starter = new InstanceStarter(context.Instances);
        var started = new List<InstanceInfo>();
        try
        {
            Step($"ferry run --detach {Path.GetFileName(counter)}", "start the sample: it prints a count every 200 ms");
            var first = InstanceLaunches.ForRun(context.Instances, counter, [], name: null, detach: true);
            starter.StartDetached(first);
            started.Add(first.Instance);
            Console.WriteLine($"  {first.Instance.Id} ({first.Instance.Name})");
            Thread.Sleep(s_watch);

            var image = Path.Combine(context.Home.Root, "demo", $"{first.Instance.Name}.ferry");
            Step($"ferry checkpoint {first.Instance.Name} -o {image}", "write its threads and heap to an image; the instance stops");
            var running = context.Store.Find(first.Instance.Id) ?? first.Instance;
            var response = InstanceCheckpoints.Checkpoint(context.Instances, running, $"{what}: checkpoint", image, leaveRunning: false, TimeSpan.FromSeconds(CheckpointCommand.DefaultTimeoutSeconds));
            Console.WriteLine($"  {CheckpointCommand.Summary(first.Instance, response)}");

            Step($"ferry logs {first.Instance.Name}", "what it printed before the checkpoint");
            var before = Output(context, first.Instance);
            Show(before);

            Step($"ferry restore --detach {image}", "a new process continues from the image");
            var second = InstanceLaunches.ForRestore(context.Instances, image, name: null, detach: true);
            starter.StartDetached(second);
            started.Add(second.Instance);
            Console.WriteLine($"  {second.Instance.Id} ({second.Instance.Name})");
            Thread.Sleep(s_watch);

            Step($"ferry logs {second.Instance.Name}", "what the restored instance printed");
            var after = Output(context, second.Instance);
            Show(after);

            Step($"ferry kill {second.Instance.Name}", null);
            InstanceKiller.Kill(context.Instances, context.Store.Find(second.Instance.Id) ?? second.Instance, $"{what}: kill");
            started.Clear();

            var last = LastCount(before);
            var next = FirstCount(after);
            Console.WriteLine();
            if (last is not null && next == last + 1)
            {
                Console.WriteLine($"The restored counter went on at {next}, right after {last}: same state, new process.");
                return 0;
            }
            throw new CliException(what, $"the restored counter began at {next?.ToString() ?? "nothing"}, not at {(last + 1)?.ToString() ?? "?"}");
        }
        finally
        {
            // Leave nothing running behind a failed demo.
            foreach (var instance in started)
                if (context.Store.Find(instance.Id) is { HasEnded: false } live)
                    InstanceKiller.Kill(context.Instances, live, $"{what}: clean up");
        }
    }

    private static void Step(string command, string? why)
    {
        Console.WriteLine();
        Console.WriteLine(why is null ? $"$ {command}" : $"$ {command}    # {why}");
    }

    private static string Output(CliContext context, InstanceInfo instance)
    {
        var path = context.Home.Instance(instance.Id).OutputLog;
        if (!File.Exists(path)) return "";
        var text = new StringBuilder();
        foreach (var record in new OutputLogReader(path).ReadAvailable()) text.Append(Encoding.UTF8.GetString(record.Bytes.Span));
        return text.ToString();
    }

    private static void Show(string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries)) Console.WriteLine($"  | {line}");
    }

    [GeneratedRegex(@"^count (\d+)$", RegexOptions.Multiline)]
    private static partial Regex CountLine();

    private static long? LastCount(string output) => CountLine().Matches(output).Select(m => (long?)long.Parse(m.Groups[1].Value)).LastOrDefault();

    private static long? FirstCount(string output) => CountLine().Matches(output).Select(m => (long?)long.Parse(m.Groups[1].Value)).FirstOrDefault();
}
