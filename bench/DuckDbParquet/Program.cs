using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;

// `DuckDbParquet FILE [PASSES] [THREADS]`: reads every row and column of a parquet file with DuckDB (its built-in
// parquet reader; extension autoloading and installing are turned off so nothing is downloaded), materialising each
// value as Parquet.Net's raw loop in Candor.Bench does, and prints the same key=value line: first-row latency from the
// first (cold) pass, rows/s from the last.
if (args.Length is < 1 or > 3)
{
    Console.Error.WriteLine("usage: DuckDbParquet FILE [PASSES] [THREADS]");
    return 2;
}
var passes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
int? threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : null;
(long Rows, double Seconds, double First, long Check) cold = default, last = default;
for (var pass = 0; pass < passes; pass++)
{
    last = Read(args[0], threads);
    if (pass == 0) cold = last;
}
long peak = -1;
foreach (var line in File.ReadLines("/proc/self/status"))
    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"rows={last.Rows} seconds={last.Seconds:F3} rows_per_s={last.Rows / last.Seconds:F0} first_row_ms={cold.First:F1} cold_seconds={cold.Seconds:F3} peak_rss_mib={peak} passes={passes} threads={threads?.ToString(CultureInfo.InvariantCulture) ?? "default"} check={last.Check}"));
return 0;

static (long Rows, double Seconds, double First, long Check) Read(string path, int? threads)
{
    var clock = Stopwatch.StartNew();
    double first = -1;
    long rows = 0, check = 0;
    using var connection = new DuckDBConnection("DataSource=:memory:");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;"
        + (threads is { } t ? string.Create(CultureInfo.InvariantCulture, $" SET threads = {t};") : "");
    command.ExecuteNonQuery();
    command.CommandText = "SELECT * FROM read_parquet($path)";
    command.Parameters.Add(new DuckDBParameter("path", path));
    using var reader = command.ExecuteReader();
    var values = new object[reader.FieldCount];
    while (reader.Read())
    {
        reader.GetValues(values);
        if (first < 0) first = clock.Elapsed.TotalMilliseconds;
        for (var c = 0; c < 2 && c < values.Length; c++)
            if (values[c] is string s) check += s.Length;
        rows++;
    }
    return (rows, clock.Elapsed.TotalSeconds, first, check);
}
