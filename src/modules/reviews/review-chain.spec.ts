import { chainFor, nextStage } from './review-chain';

describe('review chain', () => {
  it('is the office alone by default', () => {
    expect(chainFor({ head: false, leader: false }, 'L')).toEqual(['OFFICE']);
  });

  it('puts the head first and the leader last, the leader only when the container names one', () => {
    expect(chainFor({ head: true, leader: true }, 'L')).toEqual(['HEAD', 'OFFICE', 'LEADER']);
    expect(chainFor({ head: true, leader: true }, null)).toEqual(['HEAD', 'OFFICE']);
    expect(chainFor({ head: false, leader: true }, 'L')).toEqual(['OFFICE', 'LEADER']);
  });

  it('names the next stage, none after the last', () => {
    const chain = chainFor({ head: true, leader: true }, 'L');
    expect(nextStage(chain, 'HEAD')).toBe('OFFICE');
    expect(nextStage(chain, 'OFFICE')).toBe('LEADER');
    expect(nextStage(chain, 'LEADER')).toBeNull();
  });
});
