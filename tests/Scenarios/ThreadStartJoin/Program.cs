// Thread start/join: per-thread results printed in order after join.
namespace ThreadStartJoin;

internal sealed class Job
{
    public Job(int id, int n) { Id = id; N = n; }
    public int Id { get; }
    public int N { get; }
    public long Result { get; private set; }

    public void Run()
    {
        long acc = 1;
        for (int i = 1; i <= N; i++) acc = acc * (i + Id) % 1_000_003;
        Result = acc;
    }
}

internal static class Program
{
    private static readonly long[] s_results = new long[4];

    private static void Compute(object? state)
    {
        int idx = (int)state!;
        long sum = 0;
        for (int i = 0; i < 4; i++) sum += Collatz(i + idx * 3);
        s_results[idx] = sum;
    }

    private static int Collatz(int n)
    {
        int steps = 0;
        long x = n + 1;
        while (x != 1) { x = x % 2 == 0 ? x / 2 : 3 * x + 1; steps++; }
        return steps;
    }

    private static int Main()
    {
        var param = new Thread[4];
        for (int i = 0; i < param.Length; i++)
        {
            param[i] = new Thread(Compute) { IsBackground = false };
            param[i].Start(i);
        }

        var jobs = new List<Job>();
        var jobThreads = new List<Thread>();
        for (int j = 0; j < 3; j++)
        {
            var job = new Job(j, 10 + j * 3);
            jobs.Add(job);
            var t = new Thread(job.Run);
            jobThreads.Add(t);
            t.Start();
        }

        foreach (Thread t in param) t.Join();
        bool allJoined = true;
        foreach (Thread t in jobThreads) allJoined &= t.Join(TimeSpan.FromSeconds(30));

        for (int i = 0; i < s_results.Length; i++) Console.WriteLine($"compute[{i}] = {s_results[i]}");
        foreach (Job job in jobs) Console.WriteLine($"job {job.Id} n={job.N} result={job.Result}");
        Console.WriteLine($"allJoined={allJoined}");

        for (int idx = 0; idx < 4; idx++)
        {
            long sum = 0;
            for (int i = 0; i < 4; i++) sum += Collatz(i + idx * 3);
            if (s_results[idx] != sum) return Fail(11, $"compute {idx}");
        }
        foreach (Job job in jobs)
        {
            var again = new Job(job.Id, job.N);
            again.Run();
            if (again.Result != job.Result) return Fail(12, $"job {job.Id}");
        }
        if (!allJoined) return Fail(13, "join timeout");
        Console.WriteLine("verify: ok");
        return 0;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine($"FAIL({code}): {message}");
        return code;
    }
}
