import express from 'express';

/**
 * The ceiling of the stack: Express 5 parsing a JSON POST and answering 201, with no
 * validation, no storage and no broadcast. The benchmark drives it exactly as it drives Pavilion.
 */
const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));
app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});
let seq = 0;
app.post('/api/v1/signings', (req, res) => {
  res.status(201).json({ signing: { id: String(++seq), ...req.body }, seq });
});
const server = app.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
