using Marquee.Integration.Tests.Fixtures;

// One Redis and one PostgreSQL for the whole test assembly, started before the first test and stopped after the
// last; tests keep apart through their own ClusterId/ServiceId or a database of their own.
[assembly: AssemblyFixture(typeof(RedisServer))]
[assembly: AssemblyFixture(typeof(PostgresServer))]
