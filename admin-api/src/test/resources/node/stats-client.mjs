// Three stats snapshots from /graphql-ws with the standard graphql-ws client (npm: graphql-ws).
// Node 20: run with --experimental-websocket (Node 22 has WebSocket built in), or pass
// webSocketImpl from the ws package to createClient.
import { createClient } from 'graphql-ws';

const client = createClient({
  url: process.env.STREAM_GRAPHQL_WS ?? 'ws://localhost:8080/graphql-ws',
  connectionParams: { Authorization: `Bearer ${process.env.ADMIN_TOKEN}` },
});

let received = 0;
const stop = client.subscribe(
  {
    query: `subscription {
      statsUpdated(intervalMs: 250) { activeConnections eventsPerSecond deliveriesPerSecond latencyP99Ms }
    }`,
  },
  {
    next: ({ data, errors }) => {
      if (errors) throw new Error(JSON.stringify(errors));
      console.log(JSON.stringify(data.statsUpdated));
      if (++received === 3) {
        stop();
        client.dispose();
      }
    },
    error: (error) => {
      console.error('subscription failed:', error);
      process.exitCode = 1;
      client.dispose();
    },
    complete: () => {},
  },
);
