// The domain and server tests run in plain Node (jest-light-runner): tsx compiles TypeScript as it loads.
import 'tsx'
